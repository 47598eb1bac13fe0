namespace Edge.Scheduling.Rollouts;

/// <summary>A node a rollout concerns: its name, labels (for a representative canary) and whether it is Ready now.</summary>
public sealed record RolloutNode(string Name, IReadOnlyDictionary<string, string> Labels, bool Ready);
