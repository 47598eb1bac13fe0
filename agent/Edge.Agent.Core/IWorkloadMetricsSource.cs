namespace Edge.Agent.Core;

/// <summary>Where telemetry and /metrics read workload figures from.</summary>
public interface IWorkloadMetricsSource
{
    /// <summary>The figures now; reading them changes nothing.</summary>
    IReadOnlyList<WorkloadMetrics> Metrics();

    /// <summary>
    /// The figures now, and a new interval begins: each workload's memory peak starts again
    /// from what it holds. The telemetry sampler's read; anything else reads <see cref="Metrics"/>.
    /// </summary>
    IReadOnlyList<WorkloadMetrics> TakeInterval();
}
