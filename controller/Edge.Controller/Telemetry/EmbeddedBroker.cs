using System.Net;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Edge.Controller.Telemetry;

/// <summary>
/// The MQTTnet broker inside the controller. Telemetry is ingested by
/// intercepting publishes in process, several times cheaper than a loopback
/// subscriber. Its sessions live in memory only: the agents' outboxes, not
/// the broker, make telemetry survive a crash.
/// </summary>
internal sealed partial class EmbeddedBroker(
    IOptions<ControllerOptions> options,
    TelemetryIngest ingest,
    IdentityAccess identity,
    ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    private static readonly string SampleTopic = $"{TelemetryTopics.Prefix}node{TelemetryTopics.TelemetrySuffix}";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Client, string Filter), byte> _watchers = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _nodeOfClient = new(StringComparer.Ordinal);
    private MqttServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var mqtt = options.Value.Mqtt;
        if (!mqtt.Enabled)
        {
            LogDisabled();
            return;
        }

        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(mqtt.BindAddress))
            .WithDefaultEndpointPort(mqtt.Port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        if (identity.Enabled)
        {
            // mtls mode: per-node credentials (user = node name, password from enrollment) and a publish ACL.
            _server.ValidatingConnectionAsync += e =>
            {
                var node = e.UserName ?? "";
                if (node.Length == 0 || !identity.Identity.Mqtt.Check(node, e.Password ?? "") || !identity.Identity.HasActiveCertificate(node))
                {
                    e.ReasonCode = MQTTnet.Protocol.MqttConnectReasonCode.BadUserNameOrPassword;
                    LogRefusedConnect(e.ClientId, node);
                    return Task.CompletedTask;
                }

                _nodeOfClient[e.ClientId] = node;
                return Task.CompletedTask;
            };
        }

        _server.InterceptingPublishAsync += InterceptAsync;
        _server.ClientSubscribedTopicAsync += e =>
        {
            if (WatchesTelemetry(e.TopicFilter.Topic))
            {
                _watchers[(e.ClientId, e.TopicFilter.Topic)] = 0;
            }

            return Task.CompletedTask;
        };
        _server.ClientUnsubscribedTopicAsync += e =>
        {
            _watchers.TryRemove((e.ClientId, e.TopicFilter), out _);
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e =>
        {
            _nodeOfClient.TryRemove(e.ClientId, out _);
            foreach (var key in _watchers.Keys.Where(k => k.Client == e.ClientId))
            {
                _watchers.TryRemove(key, out _);
            }

            return Task.CompletedTask;
        };
        try
        {
            await _server.StartAsync();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new InvalidOperationException($"embedded MQTT broker cannot listen on {mqtt.BindAddress}:{mqtt.Port} (Controller:Mqtt:Port): {ex.Message}", ex);
        }

        LogStarted(mqtt.BindAddress, mqtt.Port);
    }

    /// <summary>
    /// Ingests a publish in process. The PUBACK goes out when this returns:
    /// after the samples' watermark is stored, so what an agent saw
    /// acknowledged is ingested and a redelivery after a controller crash is
    /// still recognised.
    /// </summary>
    private async Task InterceptAsync(InterceptingPublishEventArgs e)
    {
        if (identity.Enabled)
        {
            var refusal = _nodeOfClient.TryGetValue(e.ClientId, out var node)
                ? MqttAcl.PublishRefusal(node, e.ApplicationMessage.Topic)
                : $"client {e.ClientId} is not an authenticated node";
            if (refusal is not null)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MQTTnet.Protocol.MqttPubAckReasonCode.NotAuthorized;
                e.Response.ReasonString = refusal;
                LogRefusedPublish(e.ClientId, refusal);
                return;
            }
        }

        try
        {
            var outcome = await ingest.IngestAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            if (TelemetryTopics.NodeOfTelemetry(e.ApplicationMessage.Topic) is null)
            {
                return;
            }

            if (outcome == IngestOutcome.NotStored)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MQTTnet.Protocol.MqttPubAckReasonCode.UnspecifiedError;
                e.Response.ReasonString = "telemetry not stored by the controller; send it again";
            }
            else if ((outcome is IngestOutcome.Ingested or IngestOutcome.OutOfOrder) && _watchers.IsEmpty)
            {
                // Ingested here: with nobody subscribed (mosquitto_sub), answer Success rather than
                // "no matching subscribers", which agents read as "not delivered, send again".
                e.ProcessPublish = false;
                e.Response.ReasonCode = MQTTnet.Protocol.MqttPubAckReasonCode.Success;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever a client sends must not reach the broker's own loop.
            LogIngestFailed(e.ClientId, e.ApplicationMessage.Topic, ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }
    }

    public void Dispose() => _server?.Dispose();

    /// <summary>Whether a subscription (plain or $share/group/…) receives telemetry topics.</summary>
    private static bool WatchesTelemetry(string filter)
    {
        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            var rest = filter.IndexOf('/', "$share/".Length);
            filter = rest < 0 ? "" : filter[(rest + 1)..];
        }

        return MQTTnet.MqttTopicFilterComparer.Compare(SampleTopic, filter) == MQTTnet.MqttTopicFilterCompareResult.IsMatch;
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    private partial void LogStarted(string address, int port);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Ingest of a publish from {ClientId} on {Topic} failed")]
    private partial void LogIngestFailed(string clientId, string topic, Exception exception);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "MQTT connect of {ClientId} as '{User}' refused: bad node credentials, or the node is revoked")]
    private partial void LogRefusedConnect(string clientId, string user);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "MQTT publish from {ClientId} refused: {Reason}")]
    private partial void LogRefusedPublish(string clientId, string reason);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Embedded MQTT broker disabled (Controller:Mqtt:Enabled=false)")]
    private partial void LogDisabled();
}
