namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// How usage becomes a reservation, after the Vertical Pod Autoscaler's recommender: CPU at a
/// percentile (p90), memory at the peak (memory is not compressible: under-reserving kills),
/// each with a safety margin (15%), within a floor; samples older than the history are ignored.
/// </summary>
public sealed record VerticalOptions
{
    public double CpuPercentile { get; init; } = 0.9;

    public double Margin { get; init; } = 0.15;

    public long MinCpuMillis { get; init; } = 10;

    public long MinMemoryBytes { get; init; } = 4L << 20;

    public TimeSpan History { get; init; } = TimeSpan.FromDays(8);

    /// <summary>Fewer samples than this give no recommendation.</summary>
    public int MinSamples { get; init; } = 10;

    /// <summary>Changes smaller than this fraction of the current reservation are not worth a resize.</summary>
    public double MinChange { get; init; } = 0.1;
}
