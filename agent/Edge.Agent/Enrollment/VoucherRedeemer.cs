using Edge.Agent.Connection;
using Edge.Agent.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Enrollment;

/// <summary>
/// A node enrolled from a bundle redeems its voucher for a certificate at first
/// contact (retrying while the controller is out of reach), then the stream
/// goes over mTLS. Workloads run all along.
/// </summary>
internal sealed partial class VoucherRedeemer(
    NodeIdentity identity,
    ControllerChannel channel,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<VoucherRedeemer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var files = identity.Files;
        if (identity.Ca is null || identity.Certificate is not null || !File.Exists(files.VoucherPath))
        {
            return;
        }

        var o = options.Value;
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var key = files.LoadOrCreateKey();
                var voucher = (await File.ReadAllTextAsync(files.VoucherPath, stoppingToken)).Trim();
                var issued = await EnrollmentClient.EnrollAsync(o.Controller, identity.Ca, voucher, NodeIdentityFiles.CreateCsr(o.ResolvedNodeName, key), stoppingToken);
                files.Save(issued.CertificatePem, issued.CaPem, issued.MqttPassword, key);
                File.Delete(files.VoucherPath);
                identity.Replace(files.LoadCertificate());
                channel.Reconnect();
                LogRedeemed(issued.NodeName);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IdentityRetry.IsRetryable(ex))
            {
                var delay = IdentityRetry.Delay(attempt++, o);
                var reason = EnrollmentClient.Describe(ex);
                if (IdentityRetry.IsUnreachable(ex))
                {
                    LogWaiting(reason, delay.TotalSeconds);
                }
                else
                {
                    LogRefused(reason);
                }

                if (!await IdentityRetry.WaitAsync(delay, time, stoppingToken))
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 2710, Level = LogLevel.Information, Message = "Bundle voucher redeemed: node {NodeId} has its certificate")]
    private partial void LogRedeemed(string nodeId);

    [LoggerMessage(EventId = 2711, Level = LogLevel.Information, Message = "Bundle voucher not redeemed yet, controller out of reach: {Reason}; retrying in {DelaySeconds:F1} s")]
    private partial void LogWaiting(string reason, double delaySeconds);

    [LoggerMessage(EventId = 2712, Level = LogLevel.Error, Message = "Bundle voucher refused: {Reason}")]
    private partial void LogRefused(string reason);
}
