namespace Edge.Controller.Fleet;

/// <summary>A node to ask for a workload's output, and when it was last heard from (for "offline" answers).</summary>
internal sealed record LogSource(string Node, bool Connected, DateTimeOffset? LastSeen);
