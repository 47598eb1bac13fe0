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
    DateTimeOffset? LostAt);
