namespace Edge.Scheduling;

/// <summary>
/// Moving a node's replicas away in waves: each wave takes at most maxUnavailable replicas of a
/// workload (less those already unavailable elsewhere). For each wave the controller places
/// replacements, waits for them to run, then ends the wave's replicas on the node.
/// </summary>
public sealed record DrainPlan(string Node, IReadOnlyList<IReadOnlyList<ReplicaAssignment>> Waves)
{
    public int ReplicaCount => Waves.Sum(w => w.Count);
}
