namespace Edge.Ctl.Output;

/// <summary>A node and the score a replica would get there.</summary>
internal sealed record ScoreView(string Node, long Score);
