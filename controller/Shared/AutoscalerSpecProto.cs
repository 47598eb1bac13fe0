using Edge.Scheduling.Autoscaling;
using Proto = Edge.Protos.V1;

namespace Edge.Shared;

/// <summary>
/// An autoscaler spec ↔ its admin API message, for edgectl and the controller alike; a bad
/// field throws ArgumentException naming it.
/// </summary>
internal static class AutoscalerSpecProto
{
    /// <summary>The metric an autoscaler follows when it names none (kubectl autoscale's default).</summary>
    public static readonly MetricSpec DefaultMetric = new() { Source = MetricSourceType.Resource, Name = MetricSpec.Cpu, TargetType = MetricTargetType.Utilization, Target = 80 };

    public static AutoscalerSpec ToDomain(this Proto.AutoscalerSpec? spec)
    {
        if (spec is null || spec.Workload.Length == 0)
        {
            throw new ArgumentException("spec.workload is required: the workload to scale");
        }

        return new AutoscalerSpec
        {
            Workload = spec.Workload,
            MinReplicas = spec.MinReplicas,
            MaxReplicas = spec.MaxReplicas,
            Tolerance = spec.HasTolerance ? spec.Tolerance : AutoscalerSpec.DefaultTolerance,
            Metrics = spec.Metrics.Count == 0 ? [DefaultMetric] : [.. spec.Metrics.Select((m, i) => m.ToDomain($"spec.metrics[{i}]"))],
            ScaleUp = spec.ScaleUp.ToDomain("spec.behavior.scaleUp", ScalingRules.DefaultScaleUp),
            ScaleDown = spec.ScaleDown.ToDomain("spec.behavior.scaleDown", ScalingRules.DefaultScaleDown),
        };
    }

    public static Proto.AutoscalerSpec ToProto(this AutoscalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var proto = new Proto.AutoscalerSpec
        {
            Workload = spec.Workload,
            MinReplicas = spec.MinReplicas,
            MaxReplicas = spec.MaxReplicas,
            Tolerance = spec.Tolerance,
            ScaleUp = spec.ScaleUp.ToProto(),
            ScaleDown = spec.ScaleDown.ToProto(),
        };
        proto.Metrics.Add(spec.Metrics.Select(ToProto));
        return proto;
    }

    public static Proto.AutoscalerMetric ToProto(this MetricSpec m) =>
        new() { Type = m.Source.ToString(), Name = m.Name, TargetType = m.TargetType.ToString(), Target = m.Target };

    private static Proto.AutoscalerRules ToProto(this ScalingRules rules)
    {
        var proto = new Proto.AutoscalerRules
        {
            StabilizationWindowSeconds = (int)rules.StabilizationWindow.TotalSeconds,
            SelectPolicy = rules.SelectPolicy.ToString(),
        };
        if (rules.Tolerance is { } t)
        {
            proto.Tolerance = t;
        }

        proto.Policies.Add(rules.Policies.Select(p => new Proto.AutoscalerPolicy { Type = p.Type.ToString(), Value = p.Value, PeriodSeconds = p.PeriodSeconds }));
        return proto;
    }

    private static MetricSpec ToDomain(this Proto.AutoscalerMetric m, string field) => new()
    {
        Source = Parse<MetricSourceType>(m.Type, $"{field}.type", "Resource, Pods or External"),
        Name = m.Name.Length > 0 ? m.Name : throw new ArgumentException($"{field}.name is required"),
        TargetType = Parse<MetricTargetType>(m.TargetType, $"{field}.targetType", "Utilization, AverageValue or Value"),
        Target = m.Target,
    };

    private static ScalingRules ToDomain(this Proto.AutoscalerRules? rules, string field, ScalingRules defaults)
    {
        if (rules is null)
        {
            return defaults;
        }

        var select = rules.SelectPolicy.Length == 0 ? SelectPolicy.Max : Parse<SelectPolicy>(rules.SelectPolicy, $"{field}.selectPolicy", "Max, Min or Disabled");
        return new ScalingRules
        {
            StabilizationWindow = rules.HasStabilizationWindowSeconds ? TimeSpan.FromSeconds(rules.StabilizationWindowSeconds) : defaults.StabilizationWindow,
            SelectPolicy = select,
            Policies = rules.Policies.Count == 0 && select != SelectPolicy.Disabled
                ? defaults.Policies
                : [.. rules.Policies.Select((p, i) => new ScalingPolicy(Parse<ScalingPolicyType>(p.Type, $"{field}.policies[{i}].type", "Pods or Percent"), p.Value, p.PeriodSeconds))],
            Tolerance = rules.HasTolerance ? rules.Tolerance : null,
        };
    }

    private static T Parse<T>(string text, string field, string allowed)
        where T : struct, System.Enum =>
        System.Enum.TryParse<T>(text, ignoreCase: false, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new ArgumentException($"{field} must be {allowed}, got \"{text}\"");
}
