namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of one row of <c>top nodes</c>.</summary>
internal sealed record NodeUsageView(
    string Name,
    string? SampledAt,
    ulong Sequence,
    double CpuUsageRatio,
    long MemoryUsedBytes,
    long MemoryTotalBytes,
    double LoadAverage1m,
    long DiskUsedBytes,
    long DiskTotalBytes,
    double NetRxBytesPerSecond,
    double NetTxBytesPerSecond,
    int WorkloadsRunning,
    ulong SamplesIngested,
    ulong AgentDroppedTotal,
    ulong AgentOutboxPending);
