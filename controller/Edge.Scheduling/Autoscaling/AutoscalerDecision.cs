namespace Edge.Scheduling.Autoscaling;

/// <summary>One pass of the workload autoscaler: the replica count to set, why, and the state to keep.</summary>
public sealed record AutoscalerDecision
{
    public required string Workload { get; init; }

    public required int CurrentReplicas { get; init; }

    public required int DesiredReplicas { get; init; }

    /// <summary>The count the metrics asked for before stabilization, policies, bounds and quota.</summary>
    public required int MetricReplicas { get; init; }

    public required IReadOnlyList<MetricProposal> Metrics { get; init; }

    public required IReadOnlyList<AutoscalerCondition> Conditions { get; init; }

    /// <summary>Kubernetes-style events: SuccessfulRescale with its reason, quota caps, failed metrics.</summary>
    public required IReadOnlyList<string> Events { get; init; }

    public required AutoscalerState State { get; init; }

    public bool Rescale => DesiredReplicas != CurrentReplicas;

    /// <summary>One line: why the count is what it is.</summary>
    public string Reason =>
        Conditions.FirstOrDefault(c => c.Type == ConditionType.ScalingLimited && c.Status) is { } limited
            ? $"{limited.Reason}: {limited.Message}"
            : Conditions.FirstOrDefault(c => c.Type == ConditionType.ScalingActive && !c.Status) is { } inactive
                ? $"{inactive.Reason}: {inactive.Message}"
                : Events.Count > 0 ? Events[0] : Conditions.Count > 0 ? Conditions[0].ToString() : "";
}
