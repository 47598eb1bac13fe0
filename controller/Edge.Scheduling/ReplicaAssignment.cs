namespace Edge.Scheduling;

/// <summary>Replica <see cref="Ordinal"/> of a workload runs (or is to run) on <see cref="Node"/>.</summary>
public sealed record ReplicaAssignment(string Workload, int Ordinal, string Node);
