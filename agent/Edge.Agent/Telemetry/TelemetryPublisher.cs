using Edge.Agent.Connection;
using Edge.Agent.Core;
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
/// Store and forward. Every period a node sample goes into the LiteDB outbox
/// with the next sequence number; a sender publishes the outbox in order over
/// MQTT 5, QoS 1, to edge/v1/nodes/{node}/telemetry, one batch in flight
/// (the broker's PUBACK paces it). A sample leaves the outbox only when the
/// controller's committed watermark covers it (<see cref="OutboxAcknowledgement"/>);
/// with no acknowledgement progress for Agent:TelemetryAckTimeout the sender
/// goes back to the watermark and sends again, in order (a broker may have
/// lost what it acknowledged). Each batch names the sequence sent before it,
/// so the controller never takes a batch past a lost one. With a controller
/// that does not acknowledge, the PUBACK removes samples, as before. While
/// the broker is away it reconnects with exponential backoff and jitter and
/// the outbox keeps what its limits allow (the oldest go first, counted and
/// reported in each batch).
/// </summary>
internal sealed partial class TelemetryPublisher(
    IOptions<AgentOptions> options,
    AgentStatusBoard board,
    WorkloadSupervisor supervisor,
    AgentStateStore store,
    IWorkloadMetricsSource workloadMetrics,
    LoopProgress progress,
    TimeProvider time,
    ILogger<TelemetryPublisher> logger,
    OutboxAcknowledgement acknowledgement) : BackgroundService
{
    private const long MaxBatchBytes = 256 * 1024;
    private static readonly TimeSpan PublishBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StoreCallBound = TimeSpan.FromSeconds(15); // LiteDB lock timeout (5 s) and a rebuild
    private readonly SemaphoreSlim _wake = new(0);
    private long _published;
    private long _publishFailures;
    private long _connects;
    private ulong _sentThrough;
    private ulong _highestSent;

    /// <summary>Batches acknowledged by the broker since start.</summary>
    public long Published => Interlocked.Read(ref _published);

    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>The last sequence the broker acknowledged in this pass over the outbox (0: the pass starts at the oldest sample).</summary>
    public ulong SentThrough => Interlocked.Read(ref _sentThrough);

    /// <summary>The highest sequence ever published since start.</summary>
    public ulong HighestSent => Interlocked.Read(ref _highestSent);

    public static string Topic(string node) => $"edge/v1/nodes/{node}/telemetry";

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        acknowledgement.Progressed += Wake;
        await Task.WhenAll(SampleLoopAsync(stoppingToken), SendLoopAsync(stoppingToken));
        progress.Done("telemetry sampling");
        progress.Done("telemetry sending");
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task SampleLoopAsync(CancellationToken ct)
    {
        var o = options.Value;
        var sampler = new NodeSampler(time, o.DataDir, workloadMetrics);
        var limits = new OutboxLimits(o.OutboxMaxSamples, o.OutboxMaxBytes, o.OutboxMaxAge);
        using var timer = new PeriodicTimer(o.TelemetryPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                progress.Beat("telemetry sampling", (2 * o.TelemetryPeriod) + StoreCallBound);
                try
                {
                    var sample = sampler.Sample(supervisor.Statuses().Count(s => s.Phase == Core.WorkloadPhase.Running));
                    var (_, dropped) = store.EnqueueTelemetry(
                        sequence =>
                        {
                            sample.Sequence = sequence;
                            return sample.ToByteArray();
                        },
                        time.GetUtcNow(),
                        limits);
                    store.ReportSuccess();
                    if (dropped > 0)
                    {
                        LogDropped(dropped, o.OutboxMaxSamples, o.OutboxMaxBytes, o.OutboxMaxAge);
                    }

                    _wake.Release();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSampleFailed(ex.Message);
                    store.Recover(ex); // a damaged file is rebuilt before the next sample
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var o = options.Value;
        var node = o.ResolvedNodeName;
        var topic = Topic(node);
        using var client = new MqttClientFactory().CreateMqttClient();
        var attempt = 0;
        var lastProblem = "";
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // One pass: a peek, a connect or publish (10 s bound), or a wait of one period or one backoff.
                progress.Beat("telemetry sending", o.TelemetryPeriod + o.ReconnectMaxDelay + PublishBound + ConnectBound + StoreCallBound);
                var after = Interlocked.Read(ref _sentThrough);
                var waitAtMost = o.TelemetryPeriod;
                if (acknowledgement.TrimOnPuback && after > 0)
                {
                    // Met a controller that does not acknowledge: what the broker took is delivered as far as it can tell.
                    store.AcknowledgeTelemetry(after);
                    Interlocked.Exchange(ref _sentThrough, after = 0);
                }
                else if (!acknowledgement.TrimOnPuback)
                {
                    var (step, left) = OutboxSendPolicy.Next(
                        after, acknowledgement.AcknowledgedThrough, acknowledgement.LastProgress, time.GetUtcNow(), o.TelemetryAckTimeout, o.TelemetryUnacknowledgedMax);
                    if (step == OutboxStep.Resend)
                    {
                        acknowledgement.Resending(after);
                        Interlocked.Exchange(ref _sentThrough, after = 0);
                    }
                    else if (step == OutboxStep.Wait)
                    {
                        await WaitForWorkAsync(left, ct);
                        continue;
                    }
                    else if (left > TimeSpan.Zero && left < waitAtMost)
                    {
                        waitAtMost = left;
                    }
                }

                IReadOnlyList<OutboxEntry> batch;
                try
                {
                    batch = store.PeekTelemetry(after, o.TelemetryBatchMax, MaxBatchBytes);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The outbox cannot be read: rebuild a damaged file, or wait for a failing one.
                    store.Recover(ex);
                    await WaitForWorkAsync(o.TelemetryPeriod, ct);
                    continue;
                }

                if (batch.Count == 0)
                {
                    await WaitForWorkAsync(waitAtMost, ct);
                    continue;
                }

                try
                {
                    var broker = o.MqttServer.Length > 0 ? o.MqttServer : board.AdvertisedMqtt;
                    if (broker.Length == 0)
                    {
                        throw new InvalidOperationException("no broker known yet (Agent:MqttServer is empty and the controller has not said one)");
                    }

                    if (!client.IsConnected)
                    {
                        await client.ConnectAsync(MqttConnectOptions.Build(o, broker), ct);
                        Interlocked.Increment(ref _connects);
                    }

                    await PublishAsync(client, topic, node, after, batch, ct);
                    Sent(after, batch);
                    Interlocked.Increment(ref _published);
                    board.MqttState(connected: true);
                    attempt = 0;
                    if (lastProblem.Length > 0)
                    {
                        var pending = store.TelemetryFigures().Pending;
                        LogRecovered(broker, pending);
                        lastProblem = "";
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    if (ex is LiteDB.LiteException || Edge.Shared.LiteDbFile.IsCorruption(ex))
                    {
                        store.Recover(ex);
                    }

                    store.ReleaseTelemetry();
                    Interlocked.Increment(ref _publishFailures);
                    board.MqttState(connected: false);
                    var problem = ex.GetBaseException().Message;
                    if (problem != lastProblem)
                    {
                        LogPublishFailed(topic, problem);
                        lastProblem = problem;
                    }

                    await DisconnectQuietlyAsync(client);
                    var delay = Backoff.Delay(attempt++, o.ReconnectMinDelay, o.ReconnectMaxDelay, Random.Shared.NextDouble());
                    await Task.Delay(delay, time, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>The broker has the batch: trim on PUBACK, or move on and wait for the controller's watermark.</summary>
    private void Sent(ulong after, IReadOnlyList<OutboxEntry> batch)
    {
        var last = batch[^1].Sequence;
        if (acknowledgement.TrimOnPuback)
        {
            store.AcknowledgeTelemetry(last);
            return;
        }

        if (after <= acknowledgement.AcknowledgedThrough)
        {
            acknowledgement.Outstanding();
        }

        var resent = batch.Count(e => e.Sequence <= _highestSent);
        if (resent > 0)
        {
            acknowledgement.Resent(resent);
        }

        Interlocked.Exchange(ref _highestSent, Math.Max(_highestSent, last));
        Interlocked.Exchange(ref _sentThrough, last);
        store.MarkTelemetrySent(last);
        store.ReleaseTelemetry();
    }

    private async Task PublishAsync(IMqttClient client, string topic, string node, ulong previous, IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
    {
        var figures = store.TelemetryFigures();
        var batch = new TelemetryBatch
        {
            Node = node,
            Stream = store.TelemetryStream(),
            DroppedTotal = figures.Dropped,
            OutboxPending = (ulong)Math.Max(0, figures.Pending - entries.Count),
            PreviousSequence = previous,
        };
        foreach (var entry in entries)
        {
            batch.Samples.Add(NodeSample.Parser.ParseFrom(entry.Payload));
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(batch.ToByteArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PublishBound);
        var result = await client.PublishAsync(message, timeout.Token);
        if (result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers)
        {
            // An external broker that has the message but no subscriber discards it (e.g. restarted
            // before the controller subscribed again): keep the batch and send it again.
            throw new InvalidOperationException("the broker has no subscriber for telemetry yet (PUBACK: no matching subscribers)");
        }

        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"broker refused the publish: {result.ReasonCode} {result.ReasonString}");
        }
    }

    private async Task WaitForWorkAsync(TimeSpan bound, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(bound);
        try
        {
            await _wake.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private static async Task DisconnectQuietlyAsync(IMqttClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), bound.Token);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The link is already gone; the next connect starts afresh.
        }
    }

    [LoggerMessage(EventId = 2400, Level = LogLevel.Warning, Message = "Telemetry to {Topic} not sent, kept in the outbox: {Reason}")]
    private partial void LogPublishFailed(string topic, string reason);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Telemetry flowing again to {Broker}; {Pending} samples still in the outbox")]
    private partial void LogRecovered(string broker, long pending);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Warning, Message = "Telemetry outbox full: dropped the {Dropped} oldest samples (limits: {MaxSamples} samples, {MaxBytes} bytes, {MaxAge})")]
    private partial void LogDropped(int dropped, int maxSamples, long maxBytes, TimeSpan maxAge);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Error, Message = "Telemetry sample not taken: {Reason}")]
    private partial void LogSampleFailed(string reason);
}
