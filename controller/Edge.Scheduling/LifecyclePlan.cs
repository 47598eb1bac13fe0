namespace Edge.Scheduling;

/// <summary>
/// What a workload's replicas need now: how many to place (to replace lost ones or scale up),
/// which to end (surplus after a node came back, or after a scale-down), and when to look again.
/// </summary>
public sealed record LifecyclePlan
{
    public required string Workload { get; init; }

    public required IReadOnlyList<ReplicaStatus> Replicas { get; init; }

    /// <summary>New replicas to place elsewhere.</summary>
    public int ToPlace { get; init; }

    /// <summary>Replicas to end and unassign, with why.</summary>
    public IReadOnlyList<(ReplicaAssignment Replica, string Reason)> ToEnd { get; init; } = [];

    /// <summary>The next time a Waiting replica becomes Lost; null when none waits.</summary>
    public DateTimeOffset? NextCheckAt { get; init; }
}
