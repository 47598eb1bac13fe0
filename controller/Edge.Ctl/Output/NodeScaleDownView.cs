namespace Edge.Ctl.Output;

/// <summary>The JSON/YAML shape of <c>explain node</c>.</summary>
internal sealed record NodeScaleDownView(
    string Node,
    bool InFleet,
    string? Group,
    ScaleDownVerdictView? Verdict,
    string? RemovalPhase,
    string? LastPass,
    IReadOnlyList<string> Notes,
    IReadOnlyList<NodeAutoscalerEventView> Events);
