namespace Edge.Ctl.Output;

/// <summary>One kept pass of an autoscaler, for <c>explain autoscaler</c>.</summary>
internal sealed record ScalingDecisionView(
    string? At,
    int FromReplicas,
    int ToReplicas,
    bool Applied,
    int MetricReplicas,
    string Reason,
    IReadOnlyList<AutoscalerMetricView> Metrics,
    IReadOnlyList<AutoscalerConditionView> Conditions,
    IReadOnlyList<string> Events);
