using System.Globalization;
using Edge.Ctl.Manifests;
using Edge.Scheduling.Autoscaling;

namespace Edge.Ctl.Commands;

/// <summary>The flags of <c>edgectl autoscale workload</c> as an autoscaler spec, or the first problem naming its flag.</summary>
internal static class AutoscaleFlags
{
    /// <param name="workload">The target workload.</param>
    /// <param name="min">--min.</param>
    /// <param name="max">--max.</param>
    /// <param name="cpuPercent">--cpu-percent: target CPU utilization of the reservation.</param>
    /// <param name="memoryPercent">--memory-percent.</param>
    /// <param name="metrics">--metric NAME=VALUE: a per-replica (Pods) average target.</param>
    /// <param name="externals">--external NAME=VALUE: a whole-workload (External) value, per replica.</param>
    /// <param name="tolerance">--tolerance, or null for the default.</param>
    public static (AutoscalerSpec? Spec, string? Error) ToSpec(
        string workload, int min, int max, int? cpuPercent, int? memoryPercent, IReadOnlyList<string> metrics, IReadOnlyList<string> externals, double? tolerance)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(externals);
        if (min < 0)
        {
            return (null, $"--min must be 0 or more, got {min}");
        }

        if (max < 1 || max < min)
        {
            return (null, $"--max must be at least 1 and at least --min ({min}), got {max}");
        }

        if (tolerance is { } t && (!double.IsFinite(t) || t < 0 || t >= 1))
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"--tolerance must be in [0, 1), got {t}"));
        }

        var specs = new List<MetricSpec>();
        foreach (var (flag, percent, name) in new[] { ("--cpu-percent", cpuPercent, MetricSpec.Cpu), ("--memory-percent", memoryPercent, MetricSpec.Memory) })
        {
            if (percent is { } p)
            {
                if (p <= 0)
                {
                    return (null, $"{flag} must be greater than 0, got {p}");
                }

                specs.Add(new MetricSpec { Source = MetricSourceType.Resource, Name = name, TargetType = MetricTargetType.Utilization, Target = p });
            }
        }

        foreach (var (flag, values, source) in new[] { ("--metric", metrics, MetricSourceType.Pods), ("--external", externals, MetricSourceType.External) })
        {
            foreach (var text in values)
            {
                var parts = text.Split('=', 2);
                if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var target) || !double.IsFinite(target) || target <= 0)
                {
                    return (null, $"{flag} must be NAME=TARGET with a target greater than 0, e.g. {flag} invocations_per_s=50; got \"{text}\"");
                }

                if (GuestMetric.Problem(parts[0], AutoscalerManifest.WorkloadMetrics) is { } unknown)
                {
                    return (null, $"{flag}: {unknown}");
                }

                specs.Add(new MetricSpec { Source = source, Name = parts[0], TargetType = MetricTargetType.AverageValue, Target = target });
            }
        }

        var spec = new AutoscalerSpec
        {
            Workload = workload,
            MinReplicas = min,
            MaxReplicas = max,
            Metrics = specs,
            Tolerance = tolerance ?? AutoscalerSpec.DefaultTolerance,
        };
        return spec.Validate() is { } problem ? (null, problem) : (spec, null);
    }
}
