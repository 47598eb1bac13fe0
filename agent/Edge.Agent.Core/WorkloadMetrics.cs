namespace Edge.Agent.Core;

/// <summary>One workload's runtime figures, as the runtime counts them, for telemetry and /metrics.</summary>
public sealed record WorkloadMetrics
{
    /// <summary>Most guest metric names kept per workload (first seen); later names are refused and counted.</summary>
    public const int MaxCustomNames = 32;

    public required string Name { get; init; }

    public long Invocations { get; init; }

    public long Failures { get; init; }

    /// <summary>Failures by reason ("trap", "timeout", "memory", "exit", "busy", …).</summary>
    public IReadOnlyDictionary<string, long> FailuresByReason { get; init; } = new Dictionary<string, long>();

    public int WarmInstances { get; init; }

    public int BusyInstances { get; init; }

    public int QueuedRequests { get; init; }

    public long FuelConsumed { get; init; }

    /// <summary>Runs whose caller was answered "timed out" before the guest stopped (asleep in a host call, or given no CPU).</summary>
    public long OverdueRuns { get; init; }

    /// <summary>Invocation latency, cumulative since the workload started.</summary>
    public LatencyHistogram Latency { get; init; } = LatencyHistogram.Empty;

    /// <summary>Custom metrics the guest reported through the edge.metric host function, summed per name.</summary>
    public IReadOnlyDictionary<string, double> Custom { get; init; } = new Dictionary<string, double>();

    /// <summary>Guest metric values dropped because the workload already had <see cref="MaxCustomNames"/> names.</summary>
    public long CustomRefused { get; init; }

    /// <summary>CPU time its runs and instantiations took on the agent's threads, cumulative; null when not measured.</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>Linear memory its instances hold, with the time integral and interval peak; null when not measured.</summary>
    public MemoryReading? Memory { get; init; }
}
