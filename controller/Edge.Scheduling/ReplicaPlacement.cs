namespace Edge.Scheduling;

/// <summary>
/// One replica's decision: the node chosen with its score and the next best nodes with
/// theirs; or, when nothing fit, <see cref="Unplaced"/> says which filters removed the nodes.
/// </summary>
public sealed record ReplicaPlacement
{
    public required string Workload { get; init; }

    public required int Ordinal { get; init; }

    public string? Node { get; init; }

    public long Score { get; init; }

    /// <summary>Next best nodes, best first (ties by node name).</summary>
    public IReadOnlyList<ScoredNode> RunnersUp { get; init; } = [];

    public FitSummary? Unplaced { get; init; }

    /// <summary>The node the caller preferred for this replica (the node a cold workload was woken on), if any.</summary>
    public string? Preferred { get; init; }

    /// <summary>Why <see cref="Preferred"/> was not taken ("node-3 has 40m CPU left, needs 100m"); null when it was, or when nothing was preferred.</summary>
    public string? PreferenceRefused { get; init; }

    public bool Placed => Node is not null;

    public override string ToString() => Node is null
        ? $"{Workload}#{Ordinal}: unplaced, {Unplaced}"
        : $"{Workload}#{Ordinal} → {Node} (score {Score})" + (RunnersUp.Count == 0 ? "" : "; runners-up " + string.Join(", ", RunnersUp.Select(r => $"{r.Node} {r.Score}")));
}
