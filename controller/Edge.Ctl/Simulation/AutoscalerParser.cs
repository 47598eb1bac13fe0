using Edge.Scheduling.Autoscaling;
using Edge.Scheduling.Bounds;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Simulation;

/// <summary>A workload's <c>autoscaler:</c> block, shaped like a HorizontalPodAutoscaler v2 spec.</summary>
internal static class AutoscalerParser
{
    /// <summary>The fields of an autoscaler spec, as in a scenario's <c>autoscaler:</c> block.</summary>
    public static readonly string[] SpecFields = ["minReplicas", "maxReplicas", "tolerance", "metrics", "behavior"];

    public static AutoscalerSpec? Parse(YamlFields workload, string name)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var f = workload.Map("autoscaler", false, SpecFields);
        return f is null ? null : ParseSpec(f, name);
    }

    /// <summary>An autoscaler spec from an opened mapping with <see cref="SpecFields"/>; null (with errors added) when invalid.</summary>
    public static AutoscalerSpec? ParseSpec(YamlFields f, string name)
    {
        ArgumentNullException.ThrowIfNull(f);
        var metrics = f.List("metrics").Select(m => Metric(f, m.Node, m.Path)).OfType<MetricSpec>().ToList();
        var behavior = f.Map("behavior", false, "scaleUp", "scaleDown");
        var spec = new AutoscalerSpec
        {
            Workload = name,
            MinReplicas = f.Int("minReplicas", (int)ManifestBounds.AutoscalerMinReplicas.Min, (int)ManifestBounds.AutoscalerMinReplicas.Max) ?? 1,
            MaxReplicas = f.Int("maxReplicas", (int)ManifestBounds.AutoscalerMaxReplicas.Min, (int)ManifestBounds.AutoscalerMaxReplicas.Max, required: true) ?? 1,
            Tolerance = f.Double("tolerance", 0, 0.99) ?? AutoscalerSpec.DefaultTolerance,
            Metrics = metrics.Count > 0 || f.Has("metrics")
                ? metrics
                : [new MetricSpec { Source = MetricSourceType.Resource, Name = MetricSpec.Cpu, TargetType = MetricTargetType.Utilization, Target = 80 }],
            ScaleUp = Rules(behavior, "scaleUp", ScalingRules.DefaultScaleUp),
            ScaleDown = Rules(behavior, "scaleDown", ScalingRules.DefaultScaleDown),
        };
        if (spec.Validate() is { } problem)
        {
            f.Error(f.Node, f.Path, problem);
            return null;
        }

        return spec;
    }

    private static MetricSpec? Metric(YamlFields parent, YamlNode node, string path)
    {
        var f = YamlFields.Open(parent.File, parent.Errors, node, path, "type", "name", "utilization", "averageValue", "value");
        if (f is null)
        {
            return null;
        }

        var type = f.String("type", required: true);
        var source = type switch
        {
            "Resource" => MetricSourceType.Resource,
            "Pods" => MetricSourceType.Pods,
            "External" => MetricSourceType.External,
            _ => (MetricSourceType?)null,
        };
        if (type is not null && source is null)
        {
            f.Error(f.Raw("type")!, f.Field("type"), $"must be Resource, Pods or External, got \"{type}\"");
        }

        var name = f.String("name", required: true);
        var targets = new[] { ("utilization", MetricTargetType.Utilization), ("averageValue", MetricTargetType.AverageValue), ("value", MetricTargetType.Value) }
            .Where(t => f.Has(t.Item1)).ToList();
        if (targets.Count != 1)
        {
            f.Error(node, path, "give exactly one target: utilization (percent, Resource), averageValue or value (External)");
            return null;
        }

        var (field, targetType) = targets[0];
        var target = f.Double(field, double.Epsilon, 1e15);
        return source is null || name is null || target is null
            ? null
            : new MetricSpec { Source = source.Value, Name = name, TargetType = targetType, Target = target.Value };
    }

    private static ScalingRules Rules(YamlFields? behavior, string direction, ScalingRules defaults)
    {
        var f = behavior?.Map(direction, false, "stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance");
        if (f is null)
        {
            return defaults;
        }

        var select = f.String("selectPolicy") switch
        {
            null or "Max" => SelectPolicy.Max,
            "Min" => SelectPolicy.Min,
            "Disabled" => SelectPolicy.Disabled,
            var other => Bad(f, "selectPolicy", $"must be Max, Min or Disabled, got \"{other}\""),
        };
        var policies = new List<ScalingPolicy>();
        foreach (var (node, path) in f.List("policies"))
        {
            var p = YamlFields.Open(f.File, f.Errors, node, path, "type", "value", "periodSeconds");
            if (p is null)
            {
                continue;
            }

            var type = p.String("type", required: true) switch
            {
                "Pods" => ScalingPolicyType.Pods,
                "Percent" => ScalingPolicyType.Percent,
                null => (ScalingPolicyType?)null,
                var other => BadType(p, other),
            };
            var value = p.Int("value", (int)ManifestBounds.PolicyValue.Min, (int)ManifestBounds.PolicyValue.Max, required: true);
            var period = p.Int("periodSeconds", (int)ManifestBounds.PolicyPeriod.Min, (int)ManifestBounds.PolicyPeriod.Max, required: true);
            if (type is not null && value is not null && period is not null)
            {
                policies.Add(new ScalingPolicy(type.Value, value.Value, period.Value));
            }
        }

        var window = f.Int("stabilizationWindowSeconds", (int)ManifestBounds.StabilizationWindow.Min, (int)ManifestBounds.StabilizationWindow.Max);
        return new ScalingRules
        {
            StabilizationWindow = window is { } w ? TimeSpan.FromSeconds(w) : defaults.StabilizationWindow,
            SelectPolicy = select,
            Policies = policies.Count > 0 || f.Has("policies") ? policies : defaults.Policies,
            Tolerance = f.Double("tolerance", 0, 0.99),
        };
    }

    private static SelectPolicy Bad(YamlFields f, string field, string problem)
    {
        f.Error(f.Raw(field)!, f.Field(field), problem);
        return SelectPolicy.Max;
    }

    private static ScalingPolicyType? BadType(YamlFields f, string type)
    {
        f.Error(f.Raw("type")!, f.Field("type"), $"must be Pods or Percent, got \"{type}\"");
        return null;
    }
}
