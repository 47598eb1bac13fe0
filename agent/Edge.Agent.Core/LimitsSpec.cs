namespace Edge.Agent.Core;

/// <summary>Per-invocation limits of a workload; zero or null means the agent's default.</summary>
public sealed record LimitsSpec
{
    public static readonly LimitsSpec Default = new();

    /// <summary>Wall-clock budget of one invocation; null = the runtime default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Wasmtime fuel units one invocation may burn; 0 = unmetered.</summary>
    public long Fuel { get; init; }

    /// <summary>Cap on each linear memory in bytes; 0 = the runtime default.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>Bytes one invocation may write to stdout (and, separately, stderr); 0 = the runtime default.</summary>
    public int MaxOutputBytes { get; init; }
}
