namespace Edge.Ctl.Output;

/// <summary>The last telemetry sample the controller received from a node.</summary>
internal sealed record NodeTelemetryView(
    ulong Sequence,
    string? SampledAt,
    double CpuUsageRatio,
    long MemoryUsedBytes,
    long MemoryTotalBytes,
    double LoadAverage1m,
    int WorkloadsRunning);
