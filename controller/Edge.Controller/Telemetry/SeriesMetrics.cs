using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Telemetry;

/// <summary>
/// The metric names a series query takes; each point stores its values in this order. A value
/// the agent did not report is NaN; rollups and averages skip it.
/// </summary>
internal static class SeriesMetrics
{
    public static readonly IReadOnlyList<string> Node =
    [
        "cpu_usage_ratio", "memory_used_bytes", "memory_total_bytes", "load_average_1m",
        "disk_used_bytes", "disk_total_bytes", "net_rx_bytes_per_s", "net_tx_bytes_per_s", "workloads_running",
    ];

    public static IReadOnlyList<string> Workload => WorkloadSeriesNames.All;

    public const int Cpu = 0;
    public const int MemoryUsed = 1;
    public const int MemoryTotal = 2;
    public const int Load1 = 3;
    public const int DiskUsed = 4;
    public const int DiskTotal = 5;
    public const int NetRx = 6;
    public const int NetTx = 7;
    public const int WorkloadsRunning = 8;

    public const int Invocations = 0;
    public const int Failures = 1;
    public const int P50 = 2;
    public const int P99 = 3;
    public const int Warm = 4;
    public const int Busy = 5;
    public const int Queued = 6;

    /// <summary>Measured CPU: the rate of the agent's cumulative CPU time; NaN when its agent does not report it.</summary>
    public const int CpuMillicores = 7;

    /// <summary>Linear memory, time-averaged over the agent's interval; NaN when not reported.</summary>
    public const int MemoryBytes = 8;

    public const int MemoryPeakBytes = 9;

    /// <summary>The most guest metrics kept per workload and node; further names are dropped and counted.</summary>
    public const int MaxGuestMetrics = 32;
}
