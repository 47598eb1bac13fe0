namespace Edge.Controller.Autoscaling;

/// <summary>What the last scale-down look concluded about one node, and when.</summary>
internal sealed record NodeScaleDownStatus(string Node, string? Group, bool Remove, string Reason, DateTimeOffset DecidedAt);
