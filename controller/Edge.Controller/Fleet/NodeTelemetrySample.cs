namespace Edge.Controller.Fleet;

/// <summary>The last telemetry values received from a node.</summary>
internal sealed record NodeTelemetrySample(
    ulong Sequence,
    DateTimeOffset SampledAt,
    double CpuUsageRatio,
    long MemoryUsedBytes,
    long MemoryTotalBytes,
    double LoadAverage1m,
    int WorkloadsRunning)
{
    /// <summary>The agent's telemetry stream (new when its state file was replaced); sequences grow within one.</summary>
    public ulong Stream { get; init; }
}
