namespace Edge.Ctl.Output;

/// <summary>One replica in <c>explain workload</c>: node (null = unplaced), state, score, runners-up, reason.</summary>
internal sealed record ReplicaView(int? Ordinal, string? Node, string State, long Score, IReadOnlyList<ScoreView> RunnersUp, string Reason, string? LostAt);
