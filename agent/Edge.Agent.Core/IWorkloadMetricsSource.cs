namespace Edge.Agent.Core;

/// <summary>Where telemetry and /metrics read workload figures from.</summary>
public interface IWorkloadMetricsSource
{
    IReadOnlyList<WorkloadMetrics> Metrics();
}
