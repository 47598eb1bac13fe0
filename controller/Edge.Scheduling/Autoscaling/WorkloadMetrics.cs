namespace Edge.Scheduling.Autoscaling;

/// <summary>What the autoscaler observes of one workload at one time.</summary>
public sealed record WorkloadMetrics
{
    /// <summary>Replicas the workload has now (its spec's count, placed or not).</summary>
    public required int CurrentReplicas { get; init; }

    /// <summary>What one replica reserves; Utilization targets divide by it.</summary>
    public ResourceAmount Requests { get; init; }

    /// <summary>Every replica known to exist, ready or not, with its samples.</summary>
    public IReadOnlyList<ReplicaSample> Replicas { get; init; } = [];

    /// <summary>External metric values by name; absent means missing.</summary>
    public IReadOnlyDictionary<string, double> External { get; init; } = new Dictionary<string, double>();

    /// <summary>Invocations that arrived for a workload scaled to zero since the last pass: the wake signal.</summary>
    public long PendingInvocations { get; init; }

    /// <summary>Where a metric's figures came from (measured, estimated, not reported), by metric name; shown with its proposal.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>();
}
