namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of a node; timestamps are ISO 8601 UTC strings.</summary>
internal sealed record NodeView(
    string Name,
    NodeStatus Status,
    string? StatusSince,
    string Arch,
    string Os,
    string OsDescription,
    string Hostname,
    int CpuMillicores,
    long MemoryBytes,
    IReadOnlyDictionary<string, string> Labels,
    string AgentVersion,
    string K3sNodeName,
    string? LastHeartbeat,
    long DesiredVersion,
    long AppliedVersion,
    IReadOnlyList<NodeWorkloadView> Workloads,
    NodeTelemetryView? Telemetry);
