namespace Edge.Scheduling;

/// <summary>
/// Required anti-affinity: a replica never lands in a topology domain (nodes sharing the
/// value of <see cref="TopologyKey"/>) that already runs a replica of one of <see cref="Workloads"/>.
/// Name the workload itself to keep its replicas apart; use the key <c>edge.io/hostname</c>
/// (every node carries its name there) for one replica per node.
/// </summary>
public sealed record WorkloadAntiAffinityTerm(IReadOnlyList<string> Workloads, string TopologyKey);
