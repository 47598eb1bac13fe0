using System.Buffers;
using Edge.Controller.Fleet;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.Controller.Telemetry;

/// <summary>
/// Turns telemetry payloads into the fleet's last values and the series. A
/// bad payload is counted and logged, never thrown at the broker. A QoS 1
/// redelivery (sequence not above the node's last) is counted once, as a
/// duplicate, and changes nothing.
/// </summary>
internal sealed partial class TelemetryIngest(FleetState fleet, TelemetrySeriesStore series, ILogger<TelemetryIngest> logger)
{
    private long _batches;
    private long _bytes;
    private long _accepted;
    private long _duplicates;
    private long _rejected;

    public long Batches => Interlocked.Read(ref _batches);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Ingests one publish; returns false when the payload was refused.</summary>
    public bool Ingest(string topic, ReadOnlySequence<byte> payload)
    {
        var node = TelemetryTopics.NodeOfTelemetry(topic);
        if (node is null)
        {
            return true; // not telemetry: nothing to do here
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
            return false;
        }

        if (batch.Node != node)
        {
            Interlocked.Increment(ref _rejected);
            LogNodeMismatch(topic, batch.Node);
            return false;
        }

        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _bytes, payload.Length);
        NodeSeries? nodeSeries = null;
        foreach (var s in batch.Samples)
        {
            var sample = new NodeTelemetrySample(
                s.Sequence,
                s.SampledAt?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
                s.CpuUsageRatio,
                s.MemoryUsedBytes,
                s.MemoryTotalBytes,
                s.LoadAverage1M,
                s.WorkloadsRunning);
            switch (fleet.RecordTelemetry(node, sample))
            {
                case TelemetryRecordResult.Accepted:
                    Interlocked.Increment(ref _accepted);
                    nodeSeries ??= series.For(node);
                    nodeSeries.Record(ToIngested(s, sample.SampledAt));
                    break;
                case TelemetryRecordResult.Duplicate:
                    Interlocked.Increment(ref _duplicates);
                    break;
                default:
                    Interlocked.Increment(ref _rejected);
                    LogUnknownNode(topic, node);
                    return false;
            }
        }

        (nodeSeries ?? series.For(node)).AgentReport(batch.DroppedTotal, batch.OutboxPending);
        return true;
    }

    private static IngestedSample ToIngested(NodeSample s, DateTimeOffset at) => new(
        s.Sequence,
        at,
        s.CpuUsageRatio,
        s.MemoryUsedBytes,
        s.MemoryTotalBytes,
        s.LoadAverage1M,
        s.DiskUsedBytes,
        s.DiskTotalBytes,
        s.NetRxBytes,
        s.NetTxBytes,
        s.WorkloadsRunning,
        [.. s.Workloads.Select(w => new IngestedWorkload(
            w.Name, w.Invocations, w.Failures, w.LatencyP50Ms, w.LatencyP99Ms, w.WarmInstances, w.BusyInstances, w.QueuedRequests))]);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: {Bytes} bytes are not a TelemetryBatch: {Error}")]
    private partial void LogBadPayload(string topic, long bytes, string error);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: node {Node} is not known to the controller")]
    private partial void LogUnknownNode(string topic, string node);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: the batch names node '{Node}'")]
    private partial void LogNodeMismatch(string topic, string node);
}
