using System.Collections.Concurrent;

namespace Edge.Controller.Telemetry;

/// <summary>
/// Each node's committed telemetry watermark, for its Connect stream to tell
/// the agent (which trims its outbox up to it). Set by the ingest's commit
/// loop only after the watermark is stored in telemetry.db, and at start from
/// what that file holds; read by one writer per stream, which sends the newest
/// value and skips those it missed (a later watermark covers an earlier one).
/// </summary>
internal sealed class TelemetryAcknowledgements
{
    private readonly ConcurrentDictionary<string, AcknowledgementSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Watermarks now stored: wakes the streams of their nodes.</summary>
    public void Committed(IEnumerable<NodeWatermark> marks)
    {
        foreach (var mark in marks)
        {
            For(mark.Node).Set(mark);
        }
    }

    public AcknowledgementSlot For(string node) => _slots.GetOrAdd(node, static _ => new AcknowledgementSlot());
}
