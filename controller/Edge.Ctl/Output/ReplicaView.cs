namespace Edge.Ctl.Output;

/// <summary>One replica in <c>explain workload</c>: node (null = unplaced), state, score, runners-up, reason.</summary>
internal sealed record ReplicaView(int? Ordinal, string? Node, string State, long Score, IReadOnlyList<ScoreView> RunnersUp, string Reason, string? LostAt)
{
    /// <summary>What its node reports of it: Pending, Running, Succeeded or Failed; null when unreported.</summary>
    public string? Phase { get; init; }

    /// <summary>A job's runs so far, retries included; null for a workload that is not a job.</summary>
    public int? Attempts { get; init; }

    public int? ExitCode { get; init; }
}
