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
    NodeTelemetryView? Telemetry)
{
    /// <summary>"key=value:Effect".</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    /// <summary>Raised health conditions (NotApplying, StoreFailed, TelemetryStalled); a connected node with any is NotReady.</summary>
    public IReadOnlyList<NodeHealthConditionView> Conditions { get; init; } = [];

    /// <summary>The agent's state file when it fails or was rebuilt; null otherwise.</summary>
    public NodeStoreView? Store { get; init; }

    public bool Cordoned { get; init; }

    public bool Draining { get; init; }

    /// <summary>Replicas placed on the node.</summary>
    public int Replicas { get; init; }

    /// <summary>Replicas the node takes at most (Agent:MaxWorkloads); 0: no limit.</summary>
    public int MaxWorkloads { get; init; }

    /// <summary>CPU the node's replicas request, over <see cref="NodeView.CpuMillicores"/> allocatable.</summary>
    public long RequestedCpuMillicores { get; init; }

    public long RequestedMemoryBytes { get; init; }

    /// <summary>Counted devices the node advertises (Agent:ExtendedResources), by name.</summary>
    public IReadOnlyDictionary<string, long> ExtendedResources { get; init; } = new Dictionary<string, long>();

    /// <summary>Of <see cref="ExtendedResources"/>, what the node's replicas hold.</summary>
    public IReadOnlyDictionary<string, long> ExtendedRequested { get; init; } = new Dictionary<string, long>();
}
