namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of <c>explain workload</c>.</summary>
internal sealed record ExplainView(string Name, string Mode, int ReplicasDesired, IReadOnlyList<ReplicaView> Replicas, string Fit)
{
    /// <summary>At 0 replicas: where it is held cold; null otherwise.</summary>
    public string? Cold { get; init; }

    /// <summary>Its last wake from zero; null when none.</summary>
    public string? Woken { get; init; }

    public string Tenant { get; init; } = "default";
}
