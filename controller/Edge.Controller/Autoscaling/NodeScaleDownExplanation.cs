namespace Edge.Controller.Autoscaling;

/// <summary>Why a node was or was not removed: its last verdict, a removal in progress, the last pass's notes, its history.</summary>
internal sealed record NodeScaleDownExplanation(
    string Node,
    bool InFleet,
    string? Group,
    NodeScaleDownStatus? Verdict,
    NodeRemoval? Removal,
    IReadOnlyList<string> Notes,
    DateTimeOffset? LastPass,
    IReadOnlyList<NodeAutoscalerEvent> Events);
