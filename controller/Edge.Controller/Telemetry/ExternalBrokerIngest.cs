using Edge.Controller.Hosting;
using Edge.Shared;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Controller.Telemetry;

/// <summary>
/// Ingests telemetry from an external broker (Mosquitto, an EMQX cluster)
/// through an MQTT 5 shared subscription, so controller replicas in one group
/// split the load. The session outlives a reconnect (clean start off, expiry
/// one hour), and each message is acknowledged only after it was ingested.
/// </summary>
internal sealed partial class ExternalBrokerIngest(
    IOptions<ControllerOptions> options,
    TelemetryIngest ingest,
    TimeProvider time,
    ILogger<ExternalBrokerIngest> logger) : BackgroundService
{
    public static string SharedFilter(string group) => $"$share/{group}/{TelemetryTopics.Prefix}+{TelemetryTopics.TelemetrySuffix}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var t = options.Value.Telemetry;
        if (t.ExternalBroker.Length == 0)
        {
            return;
        }

        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            // Checked now, acknowledged once its watermark is stored; meanwhile the next message is read.
            e.AutoAcknowledge = false;
            Task<IngestOutcome> ingested;
            try
            {
                ingested = ingest.IngestAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogIngestFailed(e.ApplicationMessage.Topic, ex);
                ingested = Task.FromResult(IngestOutcome.Refused);
            }

            _ = AcknowledgeWhenStoredAsync(client, e, ingested, stoppingToken);
            return Task.CompletedTask;
        };
        using var disconnected = new SemaphoreSlim(0);
        client.DisconnectedAsync += _ =>
        {
            disconnected.Release();
            return Task.CompletedTask;
        };
        var filter = SharedFilter(t.SharedGroup);
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    var connected = await client.ConnectAsync(BuildOptions(t), stoppingToken);
                    // Subscribe even when the session is present: Mosquitto 2.0 restores a persisted
                    // session without delivering to its shared subscriptions; subscribing again is idempotent.
                    await client.SubscribeAsync(
                        new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                        stoppingToken);

                    LogConnected(t.ExternalBroker, filter, connected.IsSessionPresent);
                    attempt = 0;
                }

                await disconnected.WaitAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogConnectFailed(t.ExternalBroker, ex.GetBaseException().Message);
                // Exponential from 100 ms to 10 s, half of it random, so replicas do not come back in step.
                var ceiling = Math.Min(10_000, 100 * Math.Pow(2, Math.Min(attempt++, 20)));
                var delay = TimeSpan.FromMilliseconds((ceiling / 2) + (ceiling / 2 * Random.Shared.NextDouble()));
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static MqttClientOptions BuildOptions(TelemetryOptions t)
    {
        var uri = new Uri(t.ExternalBroker);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(uri.Host, uri.Port, System.Net.Sockets.AddressFamily.Unspecified)
            .WithClientId(t.ClientId.Length > 0 ? t.ClientId : $"edge-controller-{Environment.MachineName.ToLowerInvariant()}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15));
        var hasCredentials = t.Username.Length > 0 || t.PasswordFile.Length > 0;
        builder.WithBrokerSecurity(
            uri, t.CaFile, hasCredentials ? t.Username : null, t.PasswordFile.Length > 0 ? MqttTls.ReadPassword(t.PasswordFile) : null);
        return builder.Build();
    }

    /// <summary>
    /// Acknowledges a message once ingested (a refused one too: sending it
    /// again would not help). When the watermarks could not be stored the
    /// connection is dropped unacknowledged, so the broker delivers it again.
    /// </summary>
    private async Task AcknowledgeWhenStoredAsync(IMqttClient client, MqttApplicationMessageReceivedEventArgs e, Task<IngestOutcome> ingested, CancellationToken ct)
    {
        try
        {
            if (await ingested == IngestOutcome.NotStored)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.UnspecifiedError }, ct);
                return;
            }

            await e.AcknowledgeAsync(ct);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The link went away: the broker delivers the message again to whoever takes the session.
            LogAcknowledgeFailed(e.ApplicationMessage.Topic, ex.GetBaseException().Message);
        }
    }

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "Acknowledgement of a message on {Topic} not sent: {Reason}")]
    private partial void LogAcknowledgeFailed(string topic, string reason);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Information, Message = "Ingesting telemetry from {Broker} on {Filter} (session present: {SessionPresent})")]
    private partial void LogConnected(string broker, string filter, bool sessionPresent);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Warning, Message = "External MQTT broker {Broker} not reachable: {Reason}")]
    private partial void LogConnectFailed(string broker, string reason);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Ingest of a message on {Topic} from the external broker failed")]
    private partial void LogIngestFailed(string topic, Exception exception);
}
