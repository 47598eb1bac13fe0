using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Edge.Controller.Fleet;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.Controller.Telemetry;

/// <summary>
/// Turns telemetry payloads into the fleet's last values and the series.
/// Duplicate detection is per node and stream: a sample whose sequence is not
/// above the node's watermark is a QoS 1 redelivery, counted once as a
/// duplicate. A publish is parsed and checked on the caller's thread; its
/// fresh samples then wait for one commit loop to store the watermarks of
/// everything queued (group commit), and only then are ingested and the
/// returned task completes, so the caller acknowledges nothing whose
/// watermark a restarted controller would not know. A bad payload is
/// counted and logged, never thrown at the broker. A batch that does not
/// follow what was taken (its previous sequence is not held: a broker lost
/// the publish before it) is not taken at all, so the watermark never skips
/// a sample; the agent sends again from the watermark it was told. Once
/// stored, each node's watermark goes to <see cref="TelemetryAcknowledgements"/>
/// for its Connect stream. The commit loop only stores: recording into the
/// fleet and the series runs on the thread pool, at most one worker per node
/// (so a node's publishes are recorded, and answered, in the order they were
/// taken), while the loop already stores the next group.
/// </summary>
internal sealed partial class TelemetryIngest : IAsyncDisposable
{
    private const int QueueBound = 50_000;
    private const int MaxPerCommit = 20_000;
    private const int MinPerWorker = 16;
    private static readonly Task<IngestOutcome> IngestedNow = Task.FromResult(IngestOutcome.Ingested);
    private static readonly Task<IngestOutcome> RefusedNow = Task.FromResult(IngestOutcome.Refused);
    private static readonly Task<IngestOutcome> OutOfOrderNow = Task.FromResult(IngestOutcome.OutOfOrder);
    private readonly FleetState _fleet;
    private readonly TelemetrySeriesStore _series;
    private readonly TelemetryWatermarks _watermarks;
    private readonly TelemetryAcknowledgements? _acks;
    private readonly ILogger<TelemetryIngest> _logger;
    private readonly ConcurrentDictionary<string, NodeStream> _streams = new(StringComparer.Ordinal);
    private readonly Channel<PendingBatch> _queue = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(QueueBound) { SingleReader = true });
    private readonly Task _commits;
    private long _batches;
    private long _bytes;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _commitCount;
    private long _commitTicks;
    private long _streamRestarts;
    private long _outOfOrder;

    public TelemetryIngest(FleetState fleet, TelemetrySeriesStore series, TelemetryWatermarks watermarks, ILogger<TelemetryIngest> logger, TelemetryAcknowledgements? acks = null)
    {
        _fleet = fleet;
        _series = series;
        _watermarks = watermarks;
        _logger = logger;
        _acks = acks;
        Attribution = new TelemetryAttribution(fleet, logger);
        var loaded = watermarks.Load();
        foreach (var mark in loaded)
        {
            _streams[mark.Node] = new NodeStream(mark.Stream, mark.Sequence);
        }

        acks?.Committed(loaded);

        _commits = Task.Run(CommitLoopAsync);
    }

    /// <summary>What of a node's figures is believed (its own workloads only).</summary>
    public TelemetryAttribution Attribution { get; }

    public long Batches => Interlocked.Read(ref _batches);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Watermark commits made (each covers every publish queued when it started).</summary>
    public long Commits => Interlocked.Read(ref _commitCount);

    public TimeSpan CommitTime => TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks));

    /// <summary>Times a node's agent started a new telemetry stream (its state file was replaced).</summary>
    public long StreamRestarts => Interlocked.Read(ref _streamRestarts);

    /// <summary>Publishes not taken because a sample before them is missing (lost by a broker); their agents send again.</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>
    /// Ingests one publish. Parsing, checks and duplicate detection happen
    /// before this returns (the payload is not read afterwards); the task
    /// completes once the samples are durable and ingested.
    /// </summary>
    public Task<IngestOutcome> IngestAsync(string topic, ReadOnlySequence<byte> payload)
    {
        var node = TelemetryTopics.NodeOfTelemetry(topic);
        if (node is null)
        {
            return IngestedNow; // not telemetry: nothing to do here
        }

        TelemetryBatch batch;
        try
        {
            batch = TelemetryBatch.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            Interlocked.Increment(ref _rejected);
            LogBadPayload(topic, payload.Length, ex.Message);
            return RefusedNow;
        }

        if (batch.Node != node)
        {
            Interlocked.Increment(ref _rejected);
            LogNodeMismatch(topic, batch.Node);
            return RefusedNow;
        }

        if (Attribution.Screen(node, batch) is not null)
        {
            Interlocked.Increment(ref _rejected);
            return RefusedNow;
        }

        var state = _streams.GetOrAdd(node, _ => new NodeStream(0, 0));
        if (!state.Known)
        {
            if (_fleet.GetNode(node) is null)
            {
                Interlocked.Increment(ref _rejected);
                LogUnknownNode(topic, node);
                return RefusedNow;
            }

            state.Known = true;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _bytes, payload.Length);
        IReadOnlyList<NodeSample>? fresh = null;
        var duplicates = 0;
        var wait = false;
        PendingBatch? item = null;
        var queued = false;
        lock (state.Gate)
        {
            var held = state.Stream == batch.Stream ? state.Reserved : 0;
            if (batch.PreviousSequence > held)
            {
                // Taking it would move the watermark past samples never received.
                Interlocked.Increment(ref _outOfOrder);
                LogOutOfOrder(node, batch.PreviousSequence, held);
                return OutOfOrderNow;
            }

            if (state.Stream != batch.Stream)
            {
                if (state.Reserved > 0)
                {
                    Interlocked.Increment(ref _streamRestarts);
                    LogStreamRestarted(node, state.Stream, batch.Stream, state.Reserved);
                }

                state.Stream = batch.Stream;
                state.Reserved = 0;
                state.Durable = 0;
            }

            var before = state.Reserved;
            foreach (var s in batch.Samples)
            {
                if (s.Sequence > state.Reserved)
                {
                    state.Reserved = s.Sequence;
                }
                else
                {
                    duplicates++;
                    // Taken but not stored yet: acknowledge the redelivery only once the original is durable.
                    wait |= s.Sequence > state.Durable;
                }
            }

            if (state.Reserved > before)
            {
                fresh = duplicates == 0 ? batch.Samples : Fresh(batch.Samples, before);
            }

            if (fresh is not null || wait)
            {
                // Queued under the node's lock, so a redelivery racing its original is committed after it.
                item = new PendingBatch(node, state, batch.Stream, fresh ?? [], batch.DroppedTotal, batch.OutboxPending);
                queued = _queue.Writer.TryWrite(item);
            }
        }

        if (duplicates > 0)
        {
            Interlocked.Add(ref _duplicates, duplicates);
        }

        if (item is null)
        {
            SeriesOf(node, state).AgentReport(batch.DroppedTotal, batch.OutboxPending);
            return IngestedNow;
        }

        return queued ? item.Done.Task : QueueAsync(item);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _commits.ConfigureAwait(false);
    }

    private async Task<IngestOutcome> QueueAsync(PendingBatch item)
    {
        try
        {
            await _queue.Writer.WriteAsync(item).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            Rollback(item);
            return IngestOutcome.NotStored; // shutting down: the sender keeps it and sends it again
        }

        return await item.Done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// The one writer of the watermark file: takes everything queued, stores
    /// the watermarks in one transaction, then ingests each batch in arrival
    /// order and lets its publish be acknowledged.
    /// </summary>
    private async Task CommitLoopAsync()
    {
        var reader = _queue.Reader;
        var items = new List<PendingBatch>();
        var marks = new Dictionary<string, NodeWatermark>(StringComparer.Ordinal);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            items.Clear();
            marks.Clear();
            while (items.Count < MaxPerCommit && reader.TryRead(out var item))
            {
                items.Add(item);
                if (item.Fresh.Count > 0)
                {
                    var sequence = item.Fresh[^1].Sequence;
                    marks[item.Node] = marks.TryGetValue(item.Node, out var had) && had.Stream == item.Stream && had.Sequence > sequence
                        ? had
                        : new NodeWatermark(item.Node, item.Stream, sequence);
                }
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                _watermarks.Save(marks.Values);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogStoreFailed(_watermarks.Path ?? "(memory)", items.Count, ex.Message);
                foreach (var item in items)
                {
                    Rollback(item);
                    item.NotStored = true;
                }

                Hand(items);
                continue;
            }

            Interlocked.Add(ref _commitTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref _commitCount);
            Hand(items);
            _acks?.Committed(marks.Values);
        }
    }

    /// <summary>
    /// Queues each committed (or failed) publish behind its node's earlier ones, then lets a few
    /// workers record the nodes that have no worker yet, one slice of nodes each (a node's
    /// publishes stay with one worker at a time, in order): the commit loop never waits for the
    /// series, and a commit of thousands of publishes wakes a few threads, not thousands.
    /// </summary>
    private void Hand(List<PendingBatch> items)
    {
        var ready = new List<NodeStream>(items.Count);
        foreach (var item in items)
        {
            var state = item.State;
            lock (state.Gate)
            {
                state.Committed.Enqueue(item);
                if (state.Recording)
                {
                    continue;
                }

                state.Recording = true;
            }

            ready.Add(state);
        }

        var nodes = ready.ToArray();
        var slices = Math.Clamp(nodes.Length / MinPerWorker, 1, Environment.ProcessorCount);
        var size = (nodes.Length + slices - 1) / slices;
        for (var start = 0; start < nodes.Length; start += size)
        {
            var slice = new ArraySegment<NodeStream>(nodes, start, Math.Min(size, nodes.Length - start));
            ThreadPool.UnsafeQueueUserWorkItem(static x =>
            {
                foreach (var state in x.Slice)
                {
                    x.Ingest.RecordCommitted(state);
                }
            }, (Ingest: this, Slice: slice), preferLocal: false);
        }
    }

    /// <summary>The node's worker: records its committed publishes in order and answers each (its PUBACK goes out inline).</summary>
    private void RecordCommitted(NodeStream state)
    {
        while (true)
        {
            PendingBatch? item;
            lock (state.Gate)
            {
                if (!state.Committed.TryDequeue(out item))
                {
                    state.Recording = false;
                    return;
                }
            }

            IngestOutcome outcome;
            try
            {
                outcome = item.NotStored ? IngestOutcome.NotStored : Record(item);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Stored but not recorded: the sample is durable and the agent need not send it again.
                LogRecordFailed(item.Node, ex.Message);
                outcome = IngestOutcome.Ingested;
            }

            item.Done.TrySetResult(outcome);
        }
    }

    /// <summary>The samples of a batch above <paramref name="reserved"/>, as taken (a redelivery mixed with new ones).</summary>
    private static List<NodeSample> Fresh(Google.Protobuf.Collections.RepeatedField<NodeSample> samples, ulong reserved)
    {
        var fresh = new List<NodeSample>(samples.Count);
        foreach (var s in samples)
        {
            if (s.Sequence > reserved)
            {
                fresh.Add(s);
                reserved = s.Sequence;
            }
        }

        return fresh;
    }

    private NodeSeries SeriesOf(string node, NodeStream state) => state.Series ??= _series.For(node);

    private IngestOutcome Record(PendingBatch item)
    {
        var state = item.State;
        if (item.Fresh.Count > 0)
        {
            lock (state.Gate)
            {
                if (state.Stream == item.Stream)
                {
                    state.Durable = Math.Max(state.Durable, item.Fresh[^1].Sequence);
                }
            }
        }

        var nodeSeries = SeriesOf(item.Node, state);
        if (item.Fresh.Count > 0)
        {
            // The fleet keeps the last value only: the newest sample of the batch.
            var s = item.Fresh[^1];
            var sample = new NodeTelemetrySample(
                s.Sequence,
                s.SampledAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
                s.CpuUsageRatio,
                s.MemoryUsedBytes,
                s.MemoryTotalBytes,
                s.LoadAverage1M,
                s.WorkloadsRunning)
            {
                Stream = item.Stream,
            };
            var result = _fleet.RecordTelemetry(item.Node, sample);
            if (result == TelemetryRecordResult.UnknownNode)
            {
                // Deleted since its first publish.
                state.Known = false;
                Interlocked.Increment(ref _rejected);
                LogUnknownNode(TelemetryTopics.Prefix + item.Node + TelemetryTopics.TelemetrySuffix, item.Node);
                return IngestOutcome.Refused;
            }

            foreach (var fresh in item.Fresh)
            {
                nodeSeries.Record(ToIngested(fresh, fresh.SampledAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch));
            }

            Interlocked.Add(ref _accepted, item.Fresh.Count);
        }

        nodeSeries.AgentReport(item.AgentDropped, item.AgentPending);
        return IngestOutcome.Ingested;
    }

    /// <summary>The watermark was not stored: forget the reservation, so that the sender's retry is taken.</summary>
    private static void Rollback(PendingBatch item)
    {
        lock (item.State.Gate)
        {
            if (item.State.Stream == item.Stream)
            {
                item.State.Reserved = item.State.Durable;
            }
        }
    }

    /// <summary>A parsed sample as the series store takes it (also the telemetry benchmark's series pass).</summary>
    internal static IngestedSample ToIngested(NodeSample s, DateTimeOffset at)
    {
        var workloads = new IngestedWorkload[s.Workloads.Count];
        for (var i = 0; i < workloads.Length; i++)
        {
            var w = s.Workloads[i];
            workloads[i] = new IngestedWorkload(w.Name, w.Invocations, w.Failures, w.LatencyP50Ms, w.LatencyP99Ms, w.WarmInstances, w.BusyInstances, w.QueuedRequests)
            {
                CpuTimeUs = w.HasCpuTimeUs ? w.CpuTimeUs : null,
                MemoryBytes = w.HasMemoryBytes ? w.MemoryBytes : null,
                MemoryPeakBytes = w.MemoryPeakBytes,
                Custom = w.Custom.Count > 0 ? w.Custom : null, // the parsed message is not changed after this
            };
        }

        return new IngestedSample(
            s.Sequence, at, s.CpuUsageRatio, s.MemoryUsedBytes, s.MemoryTotalBytes, s.LoadAverage1M,
            s.DiskUsedBytes, s.DiskTotalBytes, s.NetRxBytes, s.NetTxBytes, s.WorkloadsRunning, workloads);
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: {Bytes} bytes are not a TelemetryBatch: {Error}")]
    private partial void LogBadPayload(string topic, long bytes, string error);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: node {Node} is not known to the controller")]
    private partial void LogUnknownNode(string topic, string node);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: the batch names node '{Node}'")]
    private partial void LogNodeMismatch(string topic, string node);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Telemetry of {Node} comes on a new stream {NewStream:x16} (was {OldStream:x16} up to sequence {Sequence}): its agent's state file was replaced; duplicate detection starts again")]
    private partial void LogStreamRestarted(string node, ulong oldStream, ulong newStream, ulong sequence);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Debug, Message = "Telemetry of {Node} not taken: it follows sequence {Previous}, the controller holds up to {Held}; the agent sends again from there")]
    private partial void LogOutOfOrder(string node, ulong previous, ulong held);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Telemetry watermarks not stored in {Path}: {Error}; {Count} publishes not acknowledged, their senders will send them again")]
    private partial void LogStoreFailed(string path, int count, string error);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Error, Message = "Telemetry of {Node} stored but not recorded into the series: {Error}")]
    private partial void LogRecordFailed(string node, string error);
}
