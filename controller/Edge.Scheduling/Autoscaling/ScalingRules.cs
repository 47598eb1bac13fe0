namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// Behaviour in one direction, as autoscaling/v2 HPAScalingRules, with the Kubernetes defaults
/// (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#default-behavior).
/// </summary>
public sealed record ScalingRules
{
    /// <summary>Scale-up default: no window; 100% or 4 pods per 15 s, whichever is more.</summary>
    public static readonly ScalingRules DefaultScaleUp = new()
    {
        StabilizationWindow = TimeSpan.Zero,
        Policies = [new ScalingPolicy(ScalingPolicyType.Percent, 100, 15), new ScalingPolicy(ScalingPolicyType.Pods, 4, 15)],
    };

    /// <summary>Scale-down default: 300 s window; 100% per 15 s.</summary>
    public static readonly ScalingRules DefaultScaleDown = new()
    {
        StabilizationWindow = TimeSpan.FromSeconds(300),
        Policies = [new ScalingPolicy(ScalingPolicyType.Percent, 100, 15)],
    };

    public TimeSpan StabilizationWindow { get; init; }

    public SelectPolicy SelectPolicy { get; init; } = SelectPolicy.Max;

    public IReadOnlyList<ScalingPolicy> Policies { get; init; } = [];

    /// <summary>Tolerance in this direction; null takes the workload's (Kubernetes 1.33 configurable tolerance).</summary>
    public double? Tolerance { get; init; }

    public TimeSpan LongestPeriod => TimeSpan.FromSeconds(Policies.Count == 0 ? 0 : Policies.Max(p => p.PeriodSeconds));
}
