namespace Edge.Scheduling.Autoscaling;

/// <summary>Cluster Autoscaler's flags that this autoscaler carries, with its defaults.</summary>
public sealed record NodeAutoscalerOptions
{
    public IReadOnlyList<Expander> Expanders { get; init; } = [Expander.LeastWaste];

    /// <summary>--scale-down-utilization-threshold: a node below it (max of cpu, memory requested/allocatable) may go.</summary>
    public double ScaleDownUtilizationThreshold { get; init; } = 0.5;

    /// <summary>--scale-down-unneeded-time: how long a node must stay unneeded before it is removed.</summary>
    public TimeSpan ScaleDownUnneededTime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>--scale-down-delay-after-add.</summary>
    public TimeSpan ScaleDownDelayAfterAdd { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>--max-empty-bulk-delete: empty nodes removed in one pass.</summary>
    public int MaxEmptyBulkDelete { get; init; } = 10;

    /// <summary>--max-drain-parallelism: non-empty nodes removed in one pass.</summary>
    public int MaxDrainParallelism { get; init; } = 1;

    /// <summary>--max-total-unready-percentage.</summary>
    public double MaxTotalUnreadyPercentage { get; init; } = 45;

    /// <summary>--ok-total-unready-count: this many unready nodes never make the fleet unhealthy.</summary>
    public int OkTotalUnreadyCount { get; init; } = 3;

    /// <summary>--max-node-provision-time: a requested node not registered by then counts as a failed scale-up.</summary>
    public TimeSpan MaxNodeProvisionTime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>--initial-node-group-backoff-duration; doubles on each failure in a row.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>--max-node-group-backoff-duration.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Nodes carrying this label with value "true" are never removed (CA's scale-down-disabled annotation).</summary>
    public string ScaleDownDisabledLabel { get; init; } = "edge.io/scale-down-disabled";

    /// <summary>Backoff after <paramref name="failures"/> failures in a row: initial × 2^(failures−1), at most the maximum.</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var ticks = Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
