namespace Edge.Scheduling;

/// <summary>How many nodes one filter removed (each node counted under the first filter it fails).</summary>
public sealed record FilterCount(string Reason, int Nodes);
