namespace Edge.Scheduling.Simulation;

/// <summary>
/// From <see cref="At"/> on (until the next point of the same workload and metric), the
/// workload's metric totals <see cref="Value"/>: spread evenly over its ready replicas for
/// Resource and Pods metrics, taken whole for External ones. The metric
/// <see cref="FleetScenario.InvocationsMetric"/> is also the wake signal of a workload at zero.
/// </summary>
public sealed record MetricPoint(TimeSpan At, string Workload, string Metric, double Value);
