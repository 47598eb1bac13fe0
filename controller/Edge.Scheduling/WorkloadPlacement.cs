namespace Edge.Scheduling;

/// <summary>The decisions of one placement call for one workload, in replica order.</summary>
public sealed record WorkloadPlacement(string Workload, IReadOnlyList<ReplicaPlacement> Replicas)
{
    /// <summary>Global mode: the nodes that got no replica, by filter.</summary>
    public FitSummary? NodesLeftOut { get; init; }

    public int PlacedCount => Replicas.Count(r => r.Placed);

    public int UnplacedCount => Replicas.Count(r => !r.Placed);
}
