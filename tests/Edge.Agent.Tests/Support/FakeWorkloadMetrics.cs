using Edge.Agent.Core;

namespace Edge.Agent.Tests.Support;

/// <summary>Workload figures set by the test.</summary>
internal sealed class FakeWorkloadMetrics : IWorkloadMetricsSource
{
    public List<WorkloadMetrics> Current { get; } = [];

    /// <summary>How many times the sampler's read (<see cref="TakeInterval"/>) was taken.</summary>
    public int Intervals { get; private set; }

    public IReadOnlyList<WorkloadMetrics> Metrics() => [.. Current];

    public IReadOnlyList<WorkloadMetrics> TakeInterval()
    {
        Intervals++;
        return [.. Current];
    }
}
