namespace Edge.Ctl.Output;

/// <summary>One entry of the node autoscaler's history.</summary>
internal sealed record NodeAutoscalerEventView(string? At, string Kind, string? Group, string? Node, string Message);
