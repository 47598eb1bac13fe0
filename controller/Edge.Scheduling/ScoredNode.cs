namespace Edge.Scheduling;

/// <summary>A node and the score a replica would get there (see <see cref="ScoringWeights"/>).</summary>
public sealed record ScoredNode(string Node, long Score);
