using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Edge.Controller.Telemetry;

/// <summary>
/// The MQTTnet broker inside the controller. Telemetry is ingested by
/// intercepting publishes in process, several times cheaper than a loopback
/// subscriber. Its sessions live in memory only: the agents' outboxes, not
/// the broker, make telemetry survive a crash.
/// In mtls mode it serves MQTT over TLS alone (plus, when asked, a plain
/// listener on loopback): a node is its client certificate, as on gRPC, or
/// the password of its newest certificate; <see cref="MqttAcl"/> bounds what
/// it may publish, subscribe and call its connections, and its revocation ends
/// them. In both modes packets, retained messages and publish rates are bounded
/// and every refusal is counted (<see cref="BrokerRefusals"/>).
/// </summary>
internal sealed partial class EmbeddedBroker(
    IOptions<ControllerOptions> options,
    TelemetryIngest ingest,
    IdentityAccess identity,
    FleetState fleet,
    BrokerRefusals refusals,
    TimeProvider time,
    ILogger<EmbeddedBroker> logger) : IHostedService, IDisposable
{
    private const string SessionKey = "edge.client";
    private readonly ConcurrentDictionary<(BrokerClient Client, string Filter), byte> _watchers = new();
    private int _watching; // _watchers' count, read on every publish (IsEmpty on an empty dictionary takes all its locks)
    private readonly ConcurrentDictionary<string, BrokerClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _retained = new(StringComparer.Ordinal);
    private readonly List<BrokerListener> _listeners = [];
    private X509Certificate2? _serverCertificate;
    private MqttServer? _server;

    /// <summary>The ports listened on, TLS first in mtls mode (tests and benchmarks that pass port 0 read them).</summary>
    public IReadOnlyList<int> Ports => [.. _listeners.Select(l => l.Port)];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var mqtt = o.Mqtt;
        if (!mqtt.Enabled)
        {
            LogDisabled();
            return;
        }

        var bind = IPAddress.Parse(mqtt.BindAddress);
        if (identity.Enabled)
        {
            var nodes = identity.Identity;
            _serverCertificate = MqttServerCertificate.Issue(nodes.Ca, o, time.GetUtcNow());
            _listeners.Add(new BrokerListener(bind, mqtt.TlsPort, mqtt.MaxPacketBytes, refusals, _serverCertificate, nodes.Ca.Certificate, CheckCertificate));
            if (mqtt.PlainBindAddress.Length > 0)
            {
                _listeners.Add(new BrokerListener(IPAddress.Parse(mqtt.PlainBindAddress), mqtt.Port, mqtt.MaxPacketBytes, refusals));
            }
        }
        else
        {
            _listeners.Add(new BrokerListener(bind, mqtt.Port, mqtt.MaxPacketBytes, refusals));
        }

        _server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().Build(), _listeners);
        _server.ValidatingConnectionAsync += ValidateAsync;
        _server.InterceptingPublishAsync += InterceptAsync;
        _server.InterceptingSubscriptionAsync += e =>
        {
            if (Client(e.SessionItems) is { Node: { } node } && MqttAcl.SubscribeRefusal(node, e.TopicFilter.Topic, fleet.ScopeOf(node).Topics) is { } refusal)
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                e.Response.ReasonString = refusal;
                e.ReasonString = refusal;
                refusals.Refuse(BrokerRefusals.SubscribeAcl, e.ClientId, refusal);
            }

            return Task.CompletedTask;
        };
        _server.ClientSubscribedTopicAsync += e =>
        {
            if (Client(e.SessionItems) is { } client && TelemetryTopics.MayMatchTelemetry(e.TopicFilter.Topic))
            {
                if (_watchers.TryAdd((client, e.TopicFilter.Topic), 0))
                {
                    Interlocked.Increment(ref _watching);
                }
            }

            return Task.CompletedTask;
        };
        _server.ClientUnsubscribedTopicAsync += e =>
        {
            if (Client(e.SessionItems) is { } client)
            {
                if (_watchers.TryRemove((client, e.TopicFilter), out _))
                {
                    Interlocked.Decrement(ref _watching);
                }
            }

            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e =>
        {
            if (Client(e.SessionItems) is { } client)
            {
                client.Dispose();
                _clients.TryRemove(new KeyValuePair<string, BrokerClient>(client.ClientId, client));
                foreach (var key in _watchers.Keys.Where(k => k.Client == client))
                {
                    if (_watchers.TryRemove(key, out _))
                    {
                        Interlocked.Decrement(ref _watching);
                    }
                }
            }

            return Task.CompletedTask;
        };
        try
        {
            await _server.StartAsync();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new InvalidOperationException($"embedded MQTT broker cannot listen on {mqtt.BindAddress}:{(identity.Enabled ? mqtt.TlsPort : mqtt.Port)} (Controller:Mqtt:{(identity.Enabled ? "TlsPort" : "Port")}): {ex.Message}", ex);
        }

        foreach (var listener in _listeners)
        {
            LogStarted(listener.Tls ? mqtt.BindAddress : (identity.Enabled ? mqtt.PlainBindAddress : mqtt.BindAddress), listener.Port, listener.Tls ? "TLS, node client certificates" : identity.Enabled ? "plain, node passwords" : "plain, anonymous");
        }
    }

    /// <summary>Who a connection is: in mtls mode its certificate's node (or the node whose password it gives), bound to its client id.</summary>
    private Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        var o = options.Value.Mqtt;
        var bucket = new PublishBucket(o.PublishRatePerSecond, o.PublishBurst, time.GetTimestamp());
        if (!identity.Enabled)
        {
            Admit(e, new BrokerClient(e.ClientId, null, null, bucket));
            return Task.CompletedTask;
        }

        var nodes = identity.Identity;
        string node;
        string? serial;
        if (e.ClientCertificate is { } certificate)
        {
            try
            {
                node = nodes.Authenticate(certificate, time.GetUtcNow(), allowExpired: false);
            }
            catch (IdentityException ex)
            {
                return Refuse(e, MqttConnectReasonCode.NotAuthorized, BrokerRefusals.Unauthenticated, ex.Message);
            }

            serial = certificate.SerialNumber;
            if (!string.IsNullOrEmpty(e.UserName) && e.UserName != node)
            {
                return Refuse(e, MqttConnectReasonCode.NotAuthorized, BrokerRefusals.Unauthenticated, $"user name '{e.UserName}' is not the certificate's node {node}");
            }
        }
        else
        {
            node = e.UserName ?? "";
            serial = node.Length == 0 ? null : nodes.CheckMqttPassword(node, e.Password ?? "");
            if (serial is null)
            {
                return Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, BrokerRefusals.Unauthenticated,
                    $"user '{node}': not the password of the node's current certificate (renewed, revoked, or never issued)");
            }
        }

        if (MqttAcl.ClientIdRefusal(node, e.ClientId) is { } clientIdRefusal)
        {
            return Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, BrokerRefusals.ClientId, clientIdRefusal);
        }

        var client = new BrokerClient(e.ClientId, node, serial, bucket);
        client.Revocation = nodes.RevocationOf(node).Register(() => _ = DisconnectAsync(client, $"node {node} was revoked"));
        if (nodes.IsRevoked(serial))
        {
            client.Dispose();
            return Refuse(e, MqttConnectReasonCode.NotAuthorized, BrokerRefusals.Revoked, $"certificate {serial} of node {node} is revoked");
        }

        Admit(e, client);
        return Task.CompletedTask;
    }

    private void Admit(ValidatingConnectionEventArgs e, BrokerClient client)
    {
        e.SessionItems[SessionKey] = client;
        _clients[client.ClientId] = client;
    }

    private Task Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason, string detail)
    {
        e.ReasonCode = code;
        e.ReasonString = detail;
        refusals.Refuse(reason, e.ClientId, detail);
        return Task.CompletedTask;
    }

    private async Task DisconnectAsync(BrokerClient client, string why)
    {
        refusals.Refuse(BrokerRefusals.Revoked, client.ClientId, $"{why}: connection closed");
        try
        {
            if (_server is not null)
            {
                await _server.DisconnectClientAsync(client.ClientId, new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized, ReasonString = why });
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDisconnectFailed(client.ClientId, ex.Message);
        }
    }

    /// <summary>The TLS handshake's check: a certificate of the fleet CA, not revoked, not expired.</summary>
    private string? CheckCertificate(X509Certificate2 certificate)
    {
        try
        {
            identity.Identity.Authenticate(certificate, time.GetUtcNow(), allowExpired: false);
            return null;
        }
        catch (IdentityException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>
    /// Screens, then ingests a publish in process. The PUBACK goes out when this
    /// returns: after the samples' watermark is stored, so what an agent saw
    /// acknowledged is ingested and a redelivery after a controller crash is
    /// still recognised.
    /// </summary>
    private async Task InterceptAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        var topic = message.Topic;
        if (Client(e.SessionItems) is { } client && Screen(client, message) is { } refusal)
        {
            e.ProcessPublish = false;
            e.CloseConnection = refusal.Reason == BrokerRefusals.Revoked;
            e.Response.ReasonCode = refusal.Code;
            e.Response.ReasonString = refusal.Text;
            refusals.Refuse(refusal.Reason, e.ClientId, refusal.Text);
            return;
        }

        try
        {
            var outcome = await ingest.IngestAsync(topic, message.Payload);
            if (!TelemetryTopics.IsTelemetry(topic))
            {
                return;
            }

            if (outcome == IngestOutcome.NotStored)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.UnspecifiedError;
                e.Response.ReasonString = "telemetry not stored by the controller; send it again";
            }
            else if ((outcome is IngestOutcome.Ingested or IngestOutcome.OutOfOrder) && !Watched(topic))
            {
                // Ingested here: with nobody subscribed to this topic (mosquitto_sub), answer Success rather
                // than "no matching subscribers", which agents read as "not delivered, send again". Only
                // subscriptions matching this very topic count, never another client's unrelated one.
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.Success;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever a client sends must not reach the broker's own loop.
            LogIngestFailed(e.ClientId, topic, ex);
        }
    }

    /// <summary>Why a publish is refused (revoked, over its rate, outside its ACL, a retained message past the bounds), or null.</summary>
    private (string Reason, MqttPubAckReasonCode Code, string Text)? Screen(BrokerClient client, MqttApplicationMessage message)
    {
        var o = options.Value.Mqtt;
        var topic = message.Topic;
        if (client.Serial is { } serial && identity.Identity.IsRevoked(serial))
        {
            return (BrokerRefusals.Revoked, MqttPubAckReasonCode.NotAuthorized, $"certificate {serial} of node {client.Node} is revoked");
        }

        if (!client.Bucket.TryTake(time.GetTimestamp(), time.TimestampFrequency))
        {
            return (BrokerRefusals.PublishRate, MqttPubAckReasonCode.QuotaExceeded,
                $"more than {o.PublishRatePerSecond}/s publishes (burst {o.PublishBurst}; Controller:Mqtt:PublishRatePerSecond)");
        }

        if (client.Node is { } node && MqttAcl.PublishRefusal(node, topic) is { } acl)
        {
            return (BrokerRefusals.PublishAcl, MqttPubAckReasonCode.NotAuthorized, acl);
        }

        if (!message.Retain)
        {
            return null;
        }

        if (topic.StartsWith(TelemetryTopics.Prefix, StringComparison.Ordinal))
        {
            return (BrokerRefusals.RetainedTelemetry, MqttPubAckReasonCode.NotAuthorized, $"retained messages are refused under {TelemetryTopics.Prefix} ({topic})");
        }

        var size = message.Payload.Length;
        if (size == 0)
        {
            _retained.TryRemove(topic, out _);
            return null;
        }

        if (size > o.MaxRetainedMessageBytes)
        {
            return (BrokerRefusals.RetainedLimit, MqttPubAckReasonCode.QuotaExceeded,
                $"retained message of {size} bytes on {topic} is above Controller:Mqtt:MaxRetainedMessageBytes = {o.MaxRetainedMessageBytes}");
        }

        if (!_retained.ContainsKey(topic) && _retained.Count >= o.MaxRetainedMessages)
        {
            return (BrokerRefusals.RetainedLimit, MqttPubAckReasonCode.QuotaExceeded,
                $"the broker holds Controller:Mqtt:MaxRetainedMessages = {o.MaxRetainedMessages} retained messages; {topic} is refused");
        }

        _retained[topic] = (int)size;
        return null;
    }

    private bool Watched(string topic)
    {
        if (Volatile.Read(ref _watching) == 0)
        {
            return false;
        }

        foreach (var (_, filter) in _watchers.Keys)
        {
            if (MqttTopicFilterComparer.Compare(topic, TelemetryTopics.WithoutShare(filter)) == MqttTopicFilterCompareResult.IsMatch)
            {
                return true;
            }
        }

        return false;
    }

    private static BrokerClient? Client(System.Collections.IDictionary? items) =>
        items?[SessionKey] as BrokerClient;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(new MqttServerStopOptions());
        }
    }

    public void Dispose()
    {
        _server?.Dispose();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _serverCertificate?.Dispose();
    }

    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port} ({Transport})")]
    private partial void LogStarted(string address, int port, string transport);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "Ingest of a publish from {ClientId} on {Topic} failed")]
    private partial void LogIngestFailed(string clientId, string topic, Exception exception);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "MQTT client {ClientId} of a revoked node not disconnected: {Reason}")]
    private partial void LogDisconnectFailed(string clientId, string reason);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Embedded MQTT broker disabled (Controller:Mqtt:Enabled=false)")]
    private partial void LogDisabled();
}
