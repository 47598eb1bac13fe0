namespace Edge.Scheduling.Autoscaling;

/// <summary>A scale the autoscaler made: how many replicas it added (or removed) and when.</summary>
public sealed record ScaleEvent(DateTimeOffset At, int Change);
