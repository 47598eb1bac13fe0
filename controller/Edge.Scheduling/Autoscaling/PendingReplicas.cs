namespace Edge.Scheduling.Autoscaling;

/// <summary>Replicas of a workload that fit on no node now.</summary>
public sealed record PendingReplicas(PlacementWorkload Workload, int Count);
