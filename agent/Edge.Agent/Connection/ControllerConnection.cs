using System.Threading.Channels;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.Workloads;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Connection;

/// <summary>
/// Keeps the one outbound Connect stream to the controller: hello, then
/// heartbeats and status up, desired states down; reconnects with
/// exponential backoff and jitter. Workloads keep running while it is down.
/// </summary>
internal sealed partial class ControllerConnection(
    ControllerChannel channel,
    WorkloadSupervisor supervisor,
    Edge.Agent.State.AgentStateStore store,
    NodeFactsProvider facts,
    AgentStatusBoard board,
    IOptions<AgentOptions> options,
    LoopProgress progress,
    TimeProvider time,
    ILogger<ControllerConnection> logger,
    Telemetry.OutboxAcknowledgement telemetryAcks,
    Logs.WorkloadLogs logs) : BackgroundService
{
    private const string StreamLoop = "controller stream";
    private const string ReconcileLoop = "reconcile";
    private static readonly TimeSpan ApplyBound = TimeSpan.FromMinutes(10);

    // From a reconnect to the welcome, or from one heartbeat to the next: connect, TLS, hello.
    private static readonly TimeSpan SessionStartBound = TimeSpan.FromSeconds(60);

    // A session that lived this long was healthy: the next reconnect starts from the shortest delay.
    private static readonly TimeSpan StableSession = TimeSpan.FromSeconds(10);
    private long _heartbeatTicks = options.Value.HeartbeatPeriod.Ticks;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var attempt = 0;
        progress.Beat(StreamLoop, SessionStartBound);
        while (!stoppingToken.IsCancellationRequested)
        {
            var session = new SessionProgress();
            try
            {
                await RunSessionAsync(session, stoppingToken);
                board.ControllerDown("the controller ended the stream");
                LogStreamEnded(channel.Address);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var reason = Describe(ex);
                board.ControllerDown(reason);
                if (session.Welcomed)
                {
                    LogLost(channel.Address, reason);
                }
                else
                {
                    LogUnreachable(channel.Address, reason);
                }
            }

            // Only a session that lived a while starts the backoff again: one that ends right after
            // each welcome (something on this side failing) must not reconnect in a tight loop.
            if (session.WelcomedAt is { } welcomed && time.GetUtcNow() - welcomed >= StableSession)
            {
                attempt = 0;
            }

            var delay = Backoff.Delay(attempt++, o.ReconnectMinDelay, o.ReconnectMaxDelay, Random.Shared.NextDouble());
            progress.Beat(StreamLoop, delay + SessionStartBound);
            LogRetrying(channel.Address, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        progress.Done(StreamLoop);
    }

    private async Task RunSessionAsync(SessionProgress session, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var call = channel.Client.Connect(cancellationToken: cts.Token);
        var outgoing = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
        var hello = new Hello { Facts = facts.Read(), AppliedVersion = supervisor.AppliedVersion, Store = store.Health.ToProto() };
        hello.Workloads.Add(supervisor.Statuses().Select(s => s.ToProto()));
        outgoing.Writer.TryWrite(new AgentMessage { Hello = hello });

        void OnStatusChanged() => outgoing.Writer.TryWrite(new AgentMessage { Status = StatusReport() });
        supervisor.StatusChanged += OnStatusChanged;
        try
        {
            var writing = WriteAsync(call.RequestStream, outgoing.Reader, cts.Token);
            var reading = ReadAsync(call.ResponseStream, outgoing.Writer, session, cts.Token);
            var beating = HeartbeatAsync(outgoing.Writer, session, cts.Token);
            var first = await Task.WhenAny(writing, reading, beating);
            await cts.CancelAsync();
            await Task.WhenAll(
                writing.ContinueWith(_ => { }, TaskScheduler.Default),
                reading.ContinueWith(_ => { }, TaskScheduler.Default),
                beating.ContinueWith(_ => { }, TaskScheduler.Default));
            await first; // rethrows what ended the session
        }
        finally
        {
            supervisor.StatusChanged -= OnStatusChanged;
        }
    }

    private static async Task WriteAsync(IClientStreamWriter<AgentMessage> requests, ChannelReader<AgentMessage> outgoing, CancellationToken ct)
    {
        await foreach (var message in outgoing.ReadAllAsync(ct))
        {
            await requests.WriteAsync(message, ct);
        }
    }

    private async Task ReadAsync(IAsyncStreamReader<ControllerMessage> responses, ChannelWriter<AgentMessage> outgoing, SessionProgress session, CancellationToken ct)
    {
        await foreach (var message in responses.ReadAllAsync(ct))
        {
            board.ControllerContact(time.GetUtcNow());
            switch (message.KindCase)
            {
                case ControllerMessage.KindOneofCase.Welcome:
                    OnWelcome(message.Welcome, session);
                    await supervisor.RetryWaitingAsync(ct);
                    break;
                case ControllerMessage.KindOneofCase.DesiredState:
                    progress.Beat(ReconcileLoop, ApplyBound); // a module fetch and compile included
                    var errors = await supervisor.ApplyAsync(message.DesiredState.ToDomain(), "controller", persist: true, ct);
                    progress.Done(ReconcileLoop);
                    if (errors.Count > 0)
                    {
                        // Tell the controller what runs instead; the refusal itself is in the agent's log.
                        outgoing.TryWrite(new AgentMessage { Status = StatusReport() });
                    }

                    break;
                case ControllerMessage.KindOneofCase.TelemetryAck:
                    telemetryAcks.Acknowledged(message.TelemetryAck.Stream, message.TelemetryAck.Sequence);
                    break;
                case ControllerMessage.KindOneofCase.LogRequest:
                    outgoing.TryWrite(new AgentMessage { LogReply = Logs.LogRequests.Answer(logs, message.LogRequest) });
                    break;
                default:
                    LogUnknownMessage(message.KindCase.ToString());
                    break;
            }
        }
    }

    private void OnWelcome(Welcome welcome, SessionProgress session)
    {
        session.WelcomedAt = time.GetUtcNow();
        var asked = TimeSpan.FromMilliseconds(welcome.HeartbeatPeriodMs);
        var period = asked > TimeSpan.Zero && asked < options.Value.HeartbeatPeriod ? asked : options.Value.HeartbeatPeriod;
        Interlocked.Exchange(ref _heartbeatTicks, period.Ticks);
        board.ControllerUp(time.GetUtcNow(), welcome.MqttUri);
        telemetryAcks.ControllerSays(welcome.TelemetryAck);
        LogConnected(channel.Address, welcome.ControllerVersion, period.TotalSeconds);
    }

    private async Task HeartbeatAsync(ChannelWriter<AgentMessage> outgoing, SessionProgress session, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var period = TimeSpan.FromTicks(Interlocked.Read(ref _heartbeatTicks));
            progress.Beat(StreamLoop, period + SessionStartBound);
            await Task.Delay(period, time, ct);
            if (session.Welcomed)
            {
                outgoing.TryWrite(new AgentMessage
                {
                    Heartbeat = new Heartbeat { SentAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()), AppliedVersion = supervisor.AppliedVersion, Store = store.Health.ToProto() },
                });
            }
        }
    }

    private StatusReport StatusReport()
    {
        var report = new StatusReport { AppliedVersion = supervisor.AppliedVersion, Store = store.Health.ToProto() };
        report.Workloads.Add(supervisor.Statuses().Select(s => s.ToProto()));
        return report;
    }

    private static string Describe(Exception ex) => ex switch
    {
        RpcException rpc when rpc.Status.DebugException is { } inner => $"{rpc.StatusCode}: {rpc.Status.Detail} ({inner.GetBaseException().Message})",
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        _ => ex.GetBaseException().Message,
    };

    private sealed class SessionProgress
    {
        public DateTimeOffset? WelcomedAt { get; set; }

        public bool Welcomed => WelcomedAt is not null;
    }
}
