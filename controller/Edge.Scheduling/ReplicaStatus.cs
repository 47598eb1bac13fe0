namespace Edge.Scheduling;

/// <summary>A replica's state and, while Waiting, when it will count as lost.</summary>
public sealed record ReplicaStatus(ReplicaAssignment Replica, ReplicaState State, DateTimeOffset? LostAt);
