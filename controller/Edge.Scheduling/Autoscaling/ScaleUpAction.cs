namespace Edge.Scheduling.Autoscaling;

/// <summary>Ask a group's provider for <see cref="Nodes"/> more nodes, for <see cref="Replicas"/> pending replicas.</summary>
public sealed record ScaleUpAction(string Group, int Nodes, int Replicas, string Reason);
