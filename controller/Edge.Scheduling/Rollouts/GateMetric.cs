namespace Edge.Scheduling.Rollouts;

/// <summary>What an analysis gate measures, from the telemetry the controller keeps per node and workload.</summary>
public enum GateMetric
{
    /// <summary>Failed invocations over invocations, in percent.</summary>
    FailureRate,

    P99LatencyMs,

    Restarts,

    MemoryBytes,

    /// <summary>A metric the guest reports itself (guest:NAME).</summary>
    Guest,
}
