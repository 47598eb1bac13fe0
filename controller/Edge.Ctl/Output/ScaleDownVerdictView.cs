namespace Edge.Ctl.Output;

/// <summary>The last scale-down verdict on a node: removed or kept, why, and when.</summary>
internal sealed record ScaleDownVerdictView(string Node, string? Group, bool Remove, string Reason, string? DecidedAt);
