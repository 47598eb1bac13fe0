namespace Edge.Agent.Core;

/// <summary>One workload's runtime figures, as the runtime counts them, for telemetry and /metrics.</summary>
public sealed record WorkloadMetrics
{
    public required string Name { get; init; }

    public long Invocations { get; init; }

    public long Failures { get; init; }

    /// <summary>Failures by reason ("trap", "timeout", "memory", "exit", "busy", …).</summary>
    public IReadOnlyDictionary<string, long> FailuresByReason { get; init; } = new Dictionary<string, long>();

    public int WarmInstances { get; init; }

    public int BusyInstances { get; init; }

    public int QueuedRequests { get; init; }

    public long FuelConsumed { get; init; }

    /// <summary>Invocation latency, cumulative since the workload started.</summary>
    public LatencyHistogram Latency { get; init; } = LatencyHistogram.Empty;

    /// <summary>Custom metrics the guest reported through the edge.metric host function, summed per name.</summary>
    public IReadOnlyDictionary<string, double> Custom { get; init; } = new Dictionary<string, double>();
}
