namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of <c>explain workload</c>.</summary>
internal sealed record ExplainView(string Name, string Mode, int ReplicasDesired, IReadOnlyList<ReplicaView> Replicas, string Fit);
