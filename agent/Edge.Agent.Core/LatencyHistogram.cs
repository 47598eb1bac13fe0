namespace Edge.Agent.Core;

/// <summary>
/// A cumulative latency histogram in the Prometheus shape: counts per upper
/// bound (milliseconds, ascending; the last bucket is +Inf), plus the sum.
/// </summary>
public sealed record LatencyHistogram
{
    public static readonly LatencyHistogram Empty = new() { BoundsMs = [], Counts = [0], SumMs = 0 };

    /// <summary>Upper bounds in milliseconds; <see cref="Counts"/> has one more entry, for +Inf.</summary>
    public required IReadOnlyList<double> BoundsMs { get; init; }

    /// <summary>Per-bucket (not cumulative) counts; length = BoundsMs.Count + 1.</summary>
    public required IReadOnlyList<long> Counts { get; init; }

    public required double SumMs { get; init; }

    public long Count => Counts.Sum();
}
