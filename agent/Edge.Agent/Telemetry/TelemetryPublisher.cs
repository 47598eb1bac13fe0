using Edge.Agent.Connection;
using Edge.Agent.Hosting;
using Edge.Agent.State;
using Edge.Agent.Workloads;
using Edge.Protos.V1;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.Agent.Telemetry;

/// <summary>
/// Publishes a node sample every period over MQTT 5, QoS 1, to
/// edge/v1/nodes/{node}/telemetry. While no broker is reachable, samples are
/// counted as skipped (the store-and-forward outbox is a later step).
/// </summary>
internal sealed partial class TelemetryPublisher(
    IOptions<AgentOptions> options,
    AgentStatusBoard board,
    WorkloadSupervisor supervisor,
    AgentStateStore store,
    TimeProvider time,
    ILogger<TelemetryPublisher> logger) : BackgroundService
{
    private long _published;
    private long _skipped;

    public long Published => Interlocked.Read(ref _published);

    public long Skipped => Interlocked.Read(ref _skipped);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var node = o.ResolvedNodeName;
        var topic = $"edge/v1/nodes/{node}/telemetry";
        var sampler = new NodeSampler(time);
        using var client = new MqttClientFactory().CreateMqttClient();
        using var timer = new PeriodicTimer(o.TelemetryPeriod, time);
        var lastProblem = "";
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var sample = sampler.Sample(supervisor.Statuses().Count(s => s.Phase == Core.WorkloadPhase.Running));
                try
                {
                    var broker = o.MqttServer.Length > 0 ? o.MqttServer : board.AdvertisedMqtt;
                    if (broker.Length == 0)
                    {
                        throw new InvalidOperationException("no broker known yet (Agent:MqttServer is empty and the controller has not said one)");
                    }

                    await EnsureConnectedAsync(client, broker, node, stoppingToken);
                    sample.Sequence = store.NextSequence();
                    var batch = new TelemetryBatch { Node = node };
                    batch.Samples.Add(sample);
                    var message = new MqttApplicationMessageBuilder()
                        .WithTopic(topic)
                        .WithPayload(batch.ToByteArray())
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                        .WithContentType("application/x-protobuf; proto=edge.v1.TelemetryBatch")
                        .Build();
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(10));
                    var result = await client.PublishAsync(message, timeout.Token);
                    if (!result.IsSuccess)
                    {
                        throw new InvalidOperationException($"broker refused the publish: {result.ReasonCode} {result.ReasonString}");
                    }

                    Interlocked.Increment(ref _published);
                    board.MqttState(connected: true);
                    if (lastProblem.Length > 0)
                    {
                        LogRecovered(broker);
                        lastProblem = "";
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _skipped);
                    board.MqttState(connected: false);
                    var problem = ex.GetBaseException().Message;
                    if (problem != lastProblem)
                    {
                        LogPublishFailed(topic, problem);
                        lastProblem = problem;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task EnsureConnectedAsync(IMqttClient client, string broker, string node, CancellationToken ct)
    {
        if (client.IsConnected)
        {
            return;
        }

        var uri = new Uri(broker);
        var connect = new MqttClientOptionsBuilder()
            .WithTcpServer(uri.Host, uri.Port, System.Net.Sockets.AddressFamily.Unspecified)
            .WithClientId($"edge-agent-{node}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .Build();
        await client.ConnectAsync(connect, ct);
    }

    [LoggerMessage(EventId = 2400, Level = LogLevel.Warning, Message = "Telemetry to {Topic} not sent: {Reason}")]
    private partial void LogPublishFailed(string topic, string reason);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Telemetry flowing again to {Broker}")]
    private partial void LogRecovered(string broker);
}
