namespace Edge.Scheduling.Autoscaling;

/// <summary>A node asked of a group's provider and not registered yet.</summary>
public sealed record UpcomingNode(string Group, DateTimeOffset RequestedAt);
