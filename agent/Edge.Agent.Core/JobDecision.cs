namespace Edge.Agent.Core;

/// <summary>A job's phase after a run, the delay before its next run (null = no next run), and why.</summary>
public sealed record JobDecision(WorkloadPhase Phase, TimeSpan? RetryAfter, string Reason);
