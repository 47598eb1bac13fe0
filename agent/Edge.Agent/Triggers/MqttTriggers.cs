using System.Buffers;
using Edge.Agent.Connection;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.Runtime;
using Edge.Agent.Workloads;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Agent.Triggers;

/// <summary>
/// MQTT triggers on the agent's own connection (client id edge-agent-{node}.triggers, with the
/// node's certificate and credentials as telemetry has them, <see cref="Telemetry.MqttConnectOptions"/>):
/// subscribes to every running workload's topic filter, runs the workload with the
/// payload on stdin, and publishes stdout to the trigger's reply topic (or the
/// message's MQTT 5 response topic) with the correlation data echoed; a CGI header
/// block at the head of stdout is dropped from the payload (its Content-Type kept).
/// </summary>
internal sealed partial class MqttTriggers(
    IOptions<AgentOptions> options,
    AgentStatusBoard board,
    WasmRuntime runtime,
    WorkloadSupervisor supervisor,
    TimeProvider time,
    ILogger<MqttTriggers> logger) : BackgroundService
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(1);

    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<(string Workload, TriggerSpec Trigger)> _routes = [];

    /// <summary>Topic filters subscribed to now (tests wait on it).</summary>
    public IReadOnlyCollection<string> Subscribed
    {
        get
        {
            lock (_subscribed)
            {
                return [.. _subscribed];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var node = options.Value.ResolvedNodeName;
        using var changes = new TriggerChanges(supervisor);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            Dispatch(client, e.ApplicationMessage, stoppingToken);
            return Task.CompletedTask;
        };
        var lastProblem = "";
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = changes.Next;
                try
                {
                    await SyncAsync(client, node, stoppingToken);
                    lastProblem = "";
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    var problem = ex.GetBaseException().Message;
                    if (problem != lastProblem)
                    {
                        LogSyncFailed(problem);
                        lastProblem = problem;
                    }
                }

                await TriggerChanges.WaitAsync(next, Resync, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SyncAsync(IMqttClient client, string node, CancellationToken cancellationToken)
    {
        var routes = runtime.RunningSpecs()
            .SelectMany(spec => spec.Triggers.Where(t => t.Kind == TriggerKind.Mqtt).Select(t => (spec.Name, t)))
            .ToList();
        _routes = routes;
        var filters = routes.Select(r => r.t.Topic).ToHashSet(StringComparer.Ordinal);
        if (filters.Count == 0 && !client.IsConnected)
        {
            return; // no MQTT trigger: no connection either
        }

        if (!client.IsConnected)
        {
            var broker = options.Value.MqttServer.Length > 0 ? options.Value.MqttServer : board.AdvertisedMqtt;
            if (broker.Length == 0)
            {
                throw new InvalidOperationException("no broker known yet (Agent:MqttServer is empty and the controller has not said one)");
            }

            var connect = Telemetry.MqttConnectOptions.Build(options.Value, broker, "triggers");
            await client.ConnectAsync(connect, cancellationToken);
            lock (_subscribed)
            {
                _subscribed.Clear(); // a clean session has none
            }

            LogConnected(broker);
        }

        foreach (var filter in filters.Except(Subscribed, StringComparer.Ordinal))
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
                .Build();
            var result = await client.SubscribeAsync(subscribe, cancellationToken);
            var code = result.Items.FirstOrDefault()?.ResultCode;
            if (code is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
            {
                LogSubscribeRefused(filter, code?.ToString() ?? "no answer");
                continue;
            }

            lock (_subscribed)
            {
                _subscribed.Add(filter);
            }

            LogSubscribed(filter);
        }

        foreach (var filter in Subscribed.Except(filters, StringComparer.Ordinal))
        {
            await client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(filter).Build(), cancellationToken);
            lock (_subscribed)
            {
                _subscribed.Remove(filter);
            }
        }

        if (filters.Count == 0)
        {
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
        }
    }

    /// <summary>Runs off the client's receive loop, so a slow guest never holds up other messages.</summary>
    private void Dispatch(IMqttClient client, MqttApplicationMessage message, CancellationToken stoppingToken)
    {
        var payload = message.Payload.ToArray();
        foreach (var (workload, trigger) in _routes)
        {
            if (MqttTopicFilterComparer.Compare(message.Topic, trigger.Topic) != MqttTopicFilterCompareResult.IsMatch)
            {
                continue;
            }

            _ = Task.Run(() => RunAsync(client, workload, trigger, message, payload, stoppingToken), stoppingToken);
        }
    }

    private async Task RunAsync(IMqttClient client, string workload, TriggerSpec trigger, MqttApplicationMessage message, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            var request = new InvocationRequest
            {
                Stdin = payload,
                Env = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["EDGE_TRIGGER"] = "mqtt",
                    ["MQTT_TOPIC"] = message.Topic,
                    ["MQTT_TOPIC_FILTER"] = trigger.Topic,
                    ["CONTENT_LENGTH"] = payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            };
            var result = await runtime.InvokeAsync(workload, request, cancellationToken);
            var replyTopic = trigger.ReplyTopic.Length > 0 ? trigger.ReplyTopic : message.ResponseTopic ?? "";
            if (replyTopic.Length == 0 || !client.IsConnected)
            {
                return;
            }

            // The same program answers HTTP and MQTT: a CGI header block, if any, is not part of the payload.
            var response = result.Succeeded ? Wagi.ParseResponse(result.Stdout) : null;
            var reply = new MqttApplicationMessageBuilder()
                .WithTopic(replyTopic)
                .WithPayload(response is not null ? response.Body.ToArray() : System.Text.Encoding.UTF8.GetBytes(result.Error))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithUserProperty("edge-workload", System.Text.Encoding.UTF8.GetBytes(workload).AsMemory())
                .WithUserProperty("edge-outcome", System.Text.Encoding.UTF8.GetBytes(result.Succeeded ? "ok" : OutcomeReason.Of(result.Outcome)).AsMemory());
            if (response?.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value is { } contentType)
            {
                reply.WithContentType(contentType);
            }

            if (message.CorrelationData is { Length: > 0 } correlation)
            {
                reply.WithCorrelationData(correlation);
            }

            await client.PublishAsync(reply.Build(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRunFailed(workload, message.Topic, ex.GetBaseException().Message);
        }
    }
}
