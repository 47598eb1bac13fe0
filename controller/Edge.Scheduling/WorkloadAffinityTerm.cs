namespace Edge.Scheduling;

/// <summary>
/// Workload affinity (kube-scheduler's pod affinity): a replica goes to a topology domain (nodes
/// sharing the value of <see cref="TopologyKey"/>) that runs a replica of one of
/// <see cref="Workloads"/> (workloads of the same tenant). Required terms all hold at once, and
/// a replica counts for them only when its workload is named by every term (as upstream counts
/// pods that match all terms); a node without a term's key is refused. The first replica of a
/// workload named by all its own terms goes anywhere while no counted replica runs.
/// </summary>
public sealed record WorkloadAffinityTerm(IReadOnlyList<string> Workloads, string TopologyKey);
