namespace Edge.Controller.Telemetry;

/// <summary>One node sample as the series store takes it (network counters cumulative).</summary>
internal sealed record IngestedSample(
    ulong Sequence,
    DateTimeOffset SampledAt,
    double CpuUsageRatio,
    long MemoryUsedBytes,
    long MemoryTotalBytes,
    double LoadAverage1m,
    long DiskUsedBytes,
    long DiskTotalBytes,
    ulong NetRxBytes,
    ulong NetTxBytes,
    int WorkloadsRunning,
    IReadOnlyList<IngestedWorkload> Workloads);
