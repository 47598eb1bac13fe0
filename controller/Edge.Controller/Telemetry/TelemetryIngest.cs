using System.Buffers;
using Edge.Controller.Fleet;
using Edge.Protos.V1;
using Google.Protobuf;

namespace Edge.Controller.Telemetry;

/// <summary>
/// Turns telemetry payloads into the fleet's last values. A bad payload is
/// counted and logged, never thrown at the broker.
/// </summary>
internal sealed partial class TelemetryIngest(FleetState fleet, ILogger<TelemetryIngest> logger)
{
    private long _accepted;
    private long _duplicates;
    private long _rejected;

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

        return true;
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: {Bytes} bytes are not a TelemetryBatch: {Error}")]
    private partial void LogBadPayload(string topic, long bytes, string error);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: node {Node} is not known to the controller")]
    private partial void LogUnknownNode(string topic, string node);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Telemetry on {Topic} refused: the batch names node '{Node}'")]
    private partial void LogNodeMismatch(string topic, string node);
}
