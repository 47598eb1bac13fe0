using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Enrollment;

/// <summary>
/// Renews the node certificate at 2/3 of its lifetime, retrying with backoff.
/// Past expiry it keeps trying: the controller accepts the old certificate
/// within its renewal grace (the TLS handshake proves the node holds the key).
/// </summary>
internal sealed partial class CertificateRenewer(
    NodeIdentity identity,
    ControllerChannel channel,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<CertificateRenewer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!identity.Enrolled)
        {
            return;
        }

        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var current = identity.Certificate;
            if (current is null)
            {
                // Enrolled from a bundle: the certificate comes when the voucher is redeemed.
                await Task.Delay(options.Value.ReconnectMaxDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var wait = RenewalSchedule.Wait(time.GetUtcNow(), current.NotBefore.ToUniversalTime(), current.NotAfter.ToUniversalTime());
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                    continue;
                }

                await RenewAsync(current, stoppingToken);
                attempt = 0;
                // Never renew in a tight loop, whatever lifetime the controller gives.
                await Task.Delay(options.Value.ReconnectMinDelay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (IdentityRetry.IsRetryable(ex))
            {
                var delay = IdentityRetry.Delay(attempt++, options.Value);
                var reason = EnrollmentClient.Describe(ex);
                if (ex is RpcException { StatusCode: StatusCode.PermissionDenied })
                {
                    LogRenewalRefused(reason);
                }
                else
                {
                    LogRenewalFailed(reason, delay.TotalSeconds);
                }

                if (!await IdentityRetry.WaitAsync(delay, time, stoppingToken))
                {
                    break;
                }
            }
        }
    }

    private async Task RenewAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 current, CancellationToken ct)
    {
        var files = identity.Files;
        using var key = files.LoadOrCreateKey();
        var name = current.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false);
        var issued = await EnrollmentClient.RenewAsync(options.Value.Controller, identity.Ca!, current, NodeIdentityFiles.CreateCsr(name, key), ct);
        files.Save(issued.CertificatePem, issued.CaPem, issued.MqttPassword, key);
        identity.Replace(files.LoadCertificate());
        channel.Reconnect();
        var notAfter = issued.NotAfter.ToDateTimeOffset();
        LogRenewed(name, notAfter);
    }

    [LoggerMessage(EventId = 2700, Level = LogLevel.Information, Message = "Certificate of node {NodeId} renewed; valid until {NotAfter}")]
    private partial void LogRenewed(string nodeId, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2701, Level = LogLevel.Warning, Message = "Certificate renewal failed: {Reason}; retrying in {DelaySeconds:F1} s")]
    private partial void LogRenewalFailed(string reason, double delaySeconds);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Error, Message = "Certificate renewal refused: {Reason}")]
    private partial void LogRenewalRefused(string reason);
}
