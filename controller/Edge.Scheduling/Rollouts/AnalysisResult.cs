namespace Edge.Scheduling.Rollouts;

/// <summary>The verdict over every gate, with each gate's figures and why.</summary>
public sealed record AnalysisResult(Verdict Verdict, IReadOnlyList<GateResult> Gates, string Reason);
