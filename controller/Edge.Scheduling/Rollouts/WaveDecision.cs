namespace Edge.Scheduling.Rollouts;

/// <summary>What the wave planner decided: the wave now in progress, the nodes to move to the new revision now, or until when to wait, and why.</summary>
public sealed record WaveDecision(int Wave, IReadOnlyList<string> Move, DateTimeOffset? WaitUntil, bool Complete, string Reason);
