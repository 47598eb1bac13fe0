namespace Edge.Scheduling.Rollouts;

/// <summary>One gate's figures and outcome, for explain rollout.</summary>
public sealed record GateResult(string Gate, double? Figure, double? Baseline, double? Bound, Verdict Verdict, string Reason);
