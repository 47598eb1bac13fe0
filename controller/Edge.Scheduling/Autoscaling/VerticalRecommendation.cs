namespace Edge.Scheduling.Autoscaling;

/// <summary>A recommended reservation for one replica, or none, with the reasons.</summary>
public sealed record VerticalRecommendation(ResourceAmount Current, ResourceAmount? Recommended, bool WorthResizing, IReadOnlyList<string> Reasons);
