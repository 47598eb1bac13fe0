namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// The names of a workload's telemetry series, in the order the controller stores their values:
/// what an autoscaler's Pods and External metrics may follow besides <c>guest:NAME</c>. One list
/// for the controller and for edgectl's offline checks, so the two never disagree.
/// </summary>
public static class WorkloadSeriesNames
{
    public const string CpuMillicores = "cpu_millicores";
    public const string MemoryBytes = "memory_bytes";
    public const string MemoryPeakBytes = "memory_peak_bytes";

    public static readonly IReadOnlyList<string> All =
    [
        "invocations_per_s", "failures_per_s", "latency_p50_ms", "latency_p99_ms",
        "warm_instances", "busy_instances", "queued_requests",
        CpuMillicores, MemoryBytes, MemoryPeakBytes,
    ];
}
