namespace Edge.Ctl.Output;

/// <summary>The JSON/YAML shape of <c>explain nodegroup</c>.</summary>
internal sealed record NodeGroupExplainView(
    NodeGroupView Group,
    string? LastPass,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ScaleDownVerdictView> Nodes,
    IReadOnlyList<NodeAutoscalerEventView> Events);
