namespace Edge.Controller.Autoscaling;

/// <summary>A node group, the last verdict on each of its nodes, the last pass's notes and its history.</summary>
internal sealed record NodeGroupExplanation(
    NodeGroupStatus Group,
    IReadOnlyList<NodeScaleDownStatus> Nodes,
    IReadOnlyList<string> Notes,
    DateTimeOffset? LastPass,
    IReadOnlyList<NodeAutoscalerEvent> Events);
