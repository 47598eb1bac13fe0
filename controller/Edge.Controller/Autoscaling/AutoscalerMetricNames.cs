using Edge.Controller.Telemetry;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>Which metric names an autoscaler may follow, by source, and the check of a whole spec.</summary>
internal static class AutoscalerMetricNames
{
    /// <summary>Pods and External metrics are a workload's telemetry series (docs/autoscaling.md), or guest:NAME.</summary>
    public static IReadOnlyList<string> Workload => SeriesMetrics.Workload;

    /// <summary>The first problem with the spec, naming its field; null when the controller can run it.</summary>
    public static string? Check(AutoscalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        for (var i = 0; i < spec.Metrics.Count; i++)
        {
            var m = spec.Metrics[i];
            if (m.Source == MetricSourceType.Resource)
            {
                if (m.Name is not (MetricSpec.Cpu or MetricSpec.Memory))
                {
                    return $"spec.metrics[{i}].name: unknown Resource metric \"{m.Name}\"; known: {MetricSpec.Cpu}, {MetricSpec.Memory}";
                }
            }
            else if (GuestMetric.Problem(m.Name, Workload, m.Source.ToString()) is { } unknown)
            {
                return $"spec.metrics[{i}].name: {unknown}";
            }
        }

        return spec.Validate() is { } problem ? $"spec: {problem}" : null;
    }
}
