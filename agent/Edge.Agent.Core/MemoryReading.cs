namespace Edge.Agent.Core;

/// <summary>
/// One reading of a workload's <see cref="MemoryMeter"/>: linear memory held now, the byte×time
/// integral since the meter started, the time it covers, and the most held at once since the
/// previous interval began. Two readings of the same meter give the interval's time-weighted average.
/// </summary>
public readonly record struct MemoryReading(long Meter, long HeldBytes, double ByteSeconds, TimeSpan Elapsed, long PeakBytes)
{
    /// <summary>
    /// Bytes held on average, weighted by time, since <paramref name="previous"/> (a reading of the
    /// same meter); since the meter started when there is none or it came from another meter (the
    /// workload was replaced). No time between the two readings: what is held now.
    /// </summary>
    public long AverageSince(MemoryReading? previous)
    {
        var (integral, span) = previous is { } p && p.Meter == Meter && p.Elapsed <= Elapsed
            ? (ByteSeconds - p.ByteSeconds, Elapsed - p.Elapsed)
            : (ByteSeconds, Elapsed);
        return span > TimeSpan.Zero ? (long)Math.Round(Math.Max(0, integral) / span.TotalSeconds) : HeldBytes;
    }
}
