using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Grpc.Core;
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
            catch (Exception ex) when (ex is RpcException or IOException or InvalidDataException or System.Security.Cryptography.CryptographicException)
            {
                var delay = Backoff.Delay(attempt++, o.ReconnectMinDelay, o.ReconnectMaxDelay, Random.Shared.NextDouble());
                var reason = EnrollmentClient.Describe(ex);
                if (ex is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded })
                {
                    LogWaiting(reason, delay.TotalSeconds);
                }
                else
                {
                    LogRefused(reason);
                }

                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
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
