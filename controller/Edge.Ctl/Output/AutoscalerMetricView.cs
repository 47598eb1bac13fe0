namespace Edge.Ctl.Output;

/// <summary>One metric of an autoscaler: its target, its current value (null = unknown) and what it proposed.</summary>
internal sealed record AutoscalerMetricView(string Type, string Name, string TargetType, double Target, double? Current, int? Replicas, string Detail);
