namespace Edge.Agent.Logs;

/// <summary>How much of a workload's output the agent keeps: bytes per workload, age, and the longest line.</summary>
internal sealed record LogRingLimits(long MaxBytes, TimeSpan MaxAge, int MaxLineBytes)
{
    public static readonly LogRingLimits Default = new(1024 * 1024, TimeSpan.FromDays(1), 16 * 1024);
}
