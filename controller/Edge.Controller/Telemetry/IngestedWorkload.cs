namespace Edge.Controller.Telemetry;

/// <summary>A workload's figures in one sample; counters are cumulative on the node.</summary>
internal sealed record IngestedWorkload(
    string Name, ulong Invocations, ulong Failures, double P50Ms, double P99Ms, int Warm, int Busy, int Queued)
{
    /// <summary>CPU time its runs took on the agent, cumulative (µs); null from agents that do not measure it.</summary>
    public ulong? CpuTimeUs { get; init; }

    /// <summary>Linear memory its instances held, time-averaged over the sampling interval; null when not measured.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>The most linear memory held at once in the interval; only meaningful with <see cref="MemoryBytes"/>.</summary>
    public long MemoryPeakBytes { get; init; }

    /// <summary>The guest's own counters (edge.metric sums per name, cumulative); null when it reports none.</summary>
    public IReadOnlyDictionary<string, double>? Custom { get; init; }
}
