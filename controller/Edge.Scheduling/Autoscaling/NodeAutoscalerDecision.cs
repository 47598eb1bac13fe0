namespace Edge.Scheduling.Autoscaling;

/// <summary>One pass of the node autoscaler: what to ask of providers, which nodes to remove, and why for every one.</summary>
public sealed record NodeAutoscalerDecision
{
    public IReadOnlyList<ScaleUpAction> ScaleUps { get; init; } = [];

    /// <summary>Every node looked at by scale-down, removed or kept, each with its reason.</summary>
    public IReadOnlyList<NodeVerdict> Nodes { get; init; } = [];

    /// <summary>Fleet-wide reasons: unhealthy fleet, cool-down, replicas no group can host, groups in backoff.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public required NodeAutoscalerState State { get; init; }

    public IEnumerable<NodeVerdict> Removals => Nodes.Where(n => n.Remove);
}
