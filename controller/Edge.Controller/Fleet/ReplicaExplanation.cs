using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>One replica: its node (null = unplaced), state, the score it got there, the runners-up, and why.</summary>
internal sealed record ReplicaExplanation(
    int Ordinal,
    string? Node,
    string State,
    long Score,
    IReadOnlyList<ScoredNode> RunnersUp,
    string Reason,
    DateTimeOffset? LostAt)
{
    /// <summary>What its node reports of it (Pending, Running, Succeeded, Failed); empty when unplaced or unreported.</summary>
    public string Phase { get; init; } = "";

    /// <summary>A job's runs so far, retries included.</summary>
    public int Attempts { get; init; }

    public int? ExitCode { get; init; }
}
