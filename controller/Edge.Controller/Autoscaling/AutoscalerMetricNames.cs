using Edge.Controller.Telemetry;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>Which metric names an autoscaler may follow, by source, and the check of a whole spec.</summary>
internal static class AutoscalerMetricNames
{
    /// <summary>Pods and External metrics are a workload's telemetry series (docs/autoscaling.md).</summary>
    public static IReadOnlyList<string> Workload => SeriesMetrics.Workload;

    /// <summary>The first problem with the spec, naming its field; null when the controller can run it.</summary>
    public static string? Check(AutoscalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        for (var i = 0; i < spec.Metrics.Count; i++)
        {
            var m = spec.Metrics[i];
            var known = m.Source == MetricSourceType.Resource ? [MetricSpec.Cpu, MetricSpec.Memory] : Workload;
            if (!known.Contains(m.Name, StringComparer.Ordinal))
            {
                return $"spec.metrics[{i}].name: unknown {m.Source} metric \"{m.Name}\"; known: {string.Join(", ", known)}";
            }
        }

        return spec.Validate() is { } problem ? $"spec: {problem}" : null;
    }
}
