using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>Where a workload's replicas are and why; <see cref="Fit"/> says how one more replica would fare now.</summary>
internal sealed record WorkloadExplanation(string Name, PlacementMode Mode, int ReplicasDesired, IReadOnlyList<ReplicaExplanation> Replicas, string Fit)
{
    /// <summary>Where a workload at 0 replicas is held cold; empty otherwise.</summary>
    public string Cold { get; init; } = "";

    /// <summary>Its last wake from zero (or why a wake did not scale it up); empty when none since the controller started.</summary>
    public string Woken { get; init; } = "";

    /// <summary>Why the workload failed and is left out of placement; empty when it has not.</summary>
    public string Failure { get; init; } = "";
}
