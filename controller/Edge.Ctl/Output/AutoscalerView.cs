namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of a workload autoscaler and its last pass.</summary>
internal sealed record AutoscalerView(
    string Name,
    string Tenant,
    string Workload,
    int MinReplicas,
    int MaxReplicas,
    int CurrentReplicas,
    int DesiredReplicas,
    double Tolerance,
    IReadOnlyList<AutoscalerMetricView> Metrics,
    IReadOnlyList<AutoscalerConditionView> Conditions,
    string? LastScaleTime,
    string? LastSyncTime,
    string? Created);
