namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// The snapshot the node autoscaler decides from: the placement cache (nodes and where replicas
/// run; read, never changed), the node groups, the replicas that fit nowhere, and the spec of
/// every workload with replicas (to simulate moving them off a node).
/// </summary>
public sealed record NodeAutoscalerInput
{
    public required ClusterCache Cache { get; init; }

    public required IReadOnlyList<NodeGroup> Groups { get; init; }

    public IReadOnlyList<PendingReplicas> Pending { get; init; } = [];

    public IReadOnlyDictionary<string, PlacementWorkload> Workloads { get; init; } = new Dictionary<string, PlacementWorkload>();
}
