using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Store;

/// <summary>One metric of a stored autoscaler.</summary>
public sealed class AutoscalerMetricRecord
{
    public MetricSourceType Source { get; set; }

    public string Name { get; set; } = "";

    public MetricTargetType TargetType { get; set; }

    public double Target { get; set; }
}
