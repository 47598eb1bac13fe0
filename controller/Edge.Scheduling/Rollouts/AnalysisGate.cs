namespace Edge.Scheduling.Rollouts;

/// <summary>
/// One gate: the new revision's figure must stay at or below a bound, either absolute
/// (failure rate ≤ 5 %) or relative to the nodes still on the old revision, the baseline
/// (failure rate ≤ baseline + 1, p99 ≤ 1.2 × baseline): <c>Factor × baseline + Plus</c>.
/// </summary>
public sealed record AnalysisGate
{
    public required GateMetric Metric { get; init; }

    /// <summary>The guest metric's name, for <see cref="GateMetric.Guest"/>.</summary>
    public string? GuestName { get; init; }

    /// <summary>An absolute bound; null = relative to the baseline.</summary>
    public double? Max { get; init; }

    public double Factor { get; init; } = 1;

    public double Plus { get; init; }

    public string Name => Metric == GateMetric.Guest ? $"guest:{GuestName}" : Metric switch
    {
        GateMetric.FailureRate => "failureRate",
        GateMetric.P99LatencyMs => "p99LatencyMs",
        GateMetric.Restarts => "restarts",
        GateMetric.MemoryBytes => "memoryBytes",
        _ => Metric.ToString(),
    };
}
