namespace Edge.Scheduling.Rollouts;

/// <summary>A cohort's figures over the analysis window: the nodes on one revision, summed or taken at their worst.</summary>
public sealed record CohortFigures
{
    public long Invocations { get; init; }

    public long Failures { get; init; }

    /// <summary>The highest p99 latency among the cohort's nodes; null = none measured.</summary>
    public double? P99LatencyMs { get; init; }

    public long Restarts { get; init; }

    /// <summary>The highest memory among the cohort's nodes; null = none measured.</summary>
    public double? MemoryBytes { get; init; }

    public IReadOnlyDictionary<string, double> Guest { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The figure a gate reads; null when the cohort has none.</summary>
    public double? Of(AnalysisGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.Metric switch
        {
            GateMetric.FailureRate => Invocations == 0 ? null : 100.0 * Failures / Invocations,
            GateMetric.P99LatencyMs => P99LatencyMs,
            GateMetric.Restarts => Restarts,
            GateMetric.MemoryBytes => MemoryBytes,
            GateMetric.Guest => gate.GuestName is { } n && Guest.TryGetValue(n, out var v) ? v : null,
            _ => null,
        };
    }
}
