namespace Edge.Scheduling;

/// <summary>
/// Preferred workload affinity: a node scores <see cref="Weight"/> (1 to 100) for every replica
/// of the term's workloads in its domain; the sums are normalised over the nodes that pass the
/// filters (highest 1000, lowest 0), as kube-scheduler's InterPodAffinity score.
/// </summary>
public sealed record WeightedWorkloadAffinityTerm(int Weight, WorkloadAffinityTerm Term);
