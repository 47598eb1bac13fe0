using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>Where a workload's replicas are and why; <see cref="Fit"/> says how one more replica would fare now.</summary>
internal sealed record WorkloadExplanation(string Name, PlacementMode Mode, int ReplicasDesired, IReadOnlyList<ReplicaExplanation> Replicas, string Fit);
