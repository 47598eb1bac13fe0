using Edge.Scheduling.Bounds;

namespace Edge.Scheduling.Autoscaling;

/// <summary>A workload's horizontal autoscaler, as a HorizontalPodAutoscaler v2 spec.</summary>
public sealed record AutoscalerSpec
{
    public const double DefaultTolerance = 0.1;

    public required string Workload { get; init; }

    /// <summary>0 allows scale to zero: the workload keeps a cold placement and wakes on its first invocation.</summary>
    public int MinReplicas { get; init; } = 1;

    public required int MaxReplicas { get; init; }

    public IReadOnlyList<MetricSpec> Metrics { get; init; } = [];

    /// <summary>Ratios within 1 ± tolerance change nothing.</summary>
    public double Tolerance { get; init; } = DefaultTolerance;

    public ScalingRules ScaleUp { get; init; } = ScalingRules.DefaultScaleUp;

    public ScalingRules ScaleDown { get; init; } = ScalingRules.DefaultScaleDown;

    /// <summary>The first problem with the spec, or null when it is usable.</summary>
    public string? Validate()
    {
        if (MinReplicas < 0)
        {
            return $"minReplicas must be 0 or more, got {MinReplicas}";
        }

        if (MaxReplicas < 1 || MaxReplicas < MinReplicas)
        {
            return $"maxReplicas must be at least 1 and at least minReplicas ({MinReplicas}), got {MaxReplicas}";
        }

        foreach (var (bound, value) in new[] { (ManifestBounds.AutoscalerMinReplicas, (long)MinReplicas), (ManifestBounds.AutoscalerMaxReplicas, MaxReplicas), (ManifestBounds.AutoscalerMetrics, Metrics.Count) })
        {
            if (bound.Problem(value) is { } outOfBounds)
            {
                return $"{FieldOf(bound)} {outOfBounds}";
            }
        }

        if (!double.IsFinite(Tolerance) || Tolerance < 0 || Tolerance >= 1)
        {
            return $"tolerance must be in [0, 1), got {Tolerance}";
        }

        foreach (var metric in Metrics)
        {
            if (!double.IsFinite(metric.Target) || metric.Target <= 0)
            {
                return $"metric {metric.Name}: target must be greater than 0, got {metric.Target}";
            }

            if (ManifestBounds.MetricTarget.Problem(metric.Target) is { } targetProblem)
            {
                return $"metric {metric.Name}: target {targetProblem}";
            }

            if (metric.Source == MetricSourceType.Resource && metric.Name is not (MetricSpec.Cpu or MetricSpec.Memory))
            {
                return $"metric {metric.Name}: a Resource metric is cpu or memory";
            }

            var allowed = metric.Source switch
            {
                MetricSourceType.Resource => metric.TargetType is MetricTargetType.Utilization or MetricTargetType.AverageValue,
                MetricSourceType.Pods => metric.TargetType == MetricTargetType.AverageValue,
                _ => metric.TargetType is MetricTargetType.Value or MetricTargetType.AverageValue,
            };
            if (!allowed)
            {
                return $"metric {metric.Name}: a {metric.Source} metric cannot have a {metric.TargetType} target";
            }
        }

        foreach (var (direction, rules) in new[] { ("scaleUp", ScaleUp), ("scaleDown", ScaleDown) })
        {
            if (rules.StabilizationWindow < TimeSpan.Zero || rules.StabilizationWindow > TimeSpan.FromHours(1))
            {
                return $"{direction}.stabilizationWindowSeconds must be in [0, 3600]";
            }

            if (ManifestBounds.Policies.Problem(rules.Policies.Count) is { } tooMany)
            {
                return $"{direction}.policies {tooMany}";
            }

            if (rules.SelectPolicy != SelectPolicy.Disabled && rules.Policies.Count == 0)
            {
                return $"{direction}.policies: at least one policy is needed unless selectPolicy is Disabled";
            }

            foreach (var policy in rules.Policies)
            {
                if (policy.Value <= 0 || policy.Value > ManifestBounds.PolicyValue.Max || policy.PeriodSeconds <= 0 || policy.PeriodSeconds > ManifestBounds.PolicyPeriod.Max)
                {
                    return $"{direction}.policies: value must be in [1, {ManifestBounds.PolicyValue.Max}] and periodSeconds in [1, {ManifestBounds.PolicyPeriod.Max}], got {policy}";
                }
            }

            if (rules.Tolerance is { } t && (!double.IsFinite(t) || t < 0 || t >= 1))
            {
                return $"{direction}.tolerance must be in [0, 1), got {t}";
            }
        }

        return null;
    }

    /// <summary>The field without "spec.", as the other messages of this spec name theirs.</summary>
    private static string FieldOf(ManifestBound bound) => bound.Field["spec.".Length..];
}
