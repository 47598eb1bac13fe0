namespace Edge.Scheduling.Autoscaling;

/// <summary>An unstabilized replica recommendation and when it was made.</summary>
public sealed record TimedRecommendation(DateTimeOffset At, int Replicas);
