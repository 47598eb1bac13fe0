using Edge.Agent.Core;

namespace Edge.Agent.Tests.Support;

/// <summary>Workload figures set by the test.</summary>
internal sealed class FakeWorkloadMetrics : IWorkloadMetricsSource
{
    public List<WorkloadMetrics> Current { get; } = [];

    public IReadOnlyList<WorkloadMetrics> Metrics() => [.. Current];
}
