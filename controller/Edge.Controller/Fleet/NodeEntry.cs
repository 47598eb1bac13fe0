using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>A node's hot state: the stored record plus what lives only in memory.</summary>
internal sealed class NodeEntry
{
    public NodeEntry(NodeRecord record, DateTimeOffset since)
    {
        Record = record;
        ConditionSince = since;
    }

    public NodeRecord Record { get; set; }

    public NodeCondition Condition { get; set; } = NodeCondition.Disconnected;

    public DateTimeOffset ConditionSince { get; set; }

    public DateTimeOffset? LastHeartbeat { get; set; }

    public long AppliedVersion { get; set; }

    public IReadOnlyList<ObservedWorkload> Workloads { get; set; } = [];

    public NodeTelemetrySample? Telemetry { get; set; }

    public NodeSession? Session { get; set; }

    /// <summary>Whether the node reports the workload running with this module.</summary>
    public bool Runs(string workload, string digest) =>
        Condition == NodeCondition.Ready && Workloads.Any(o => o.Name == workload && o.Phase == ObservedPhase.Running && !o.Cold && o.ModuleDigest == digest);

    /// <summary>
    /// The node as placement sees it. Capacity is the hello's facts (the agent already took off
    /// what it reserves for K3s and the system). lostAfter counts from the later of the condition
    /// change and <paramref name="notBefore"/> (the controller's start), so a restart is no loss.
    /// </summary>
    public PlacementNode ToPlacement(DateTimeOffset notBefore)
    {
        // Every node matches selectors and affinity on its own name, as kubernetes.io/hostname.
        var labels = Record.EffectiveLabels();
        labels.TryAdd(PlacementNode.HostnameLabel, Record.Id);
        return new PlacementNode
        {
            Name = Record.Id,
            Labels = labels,
            Taints = [.. Record.Taints.Select(t => new Taint(t.Key, t.Value, t.Effect))],
            Allocatable = new ResourceAmount(Record.Facts.CpuMillicores, Record.Facts.MemoryBytes),
            Cordoned = Record.Cordoned || Record.Draining,
            Condition = Condition,
            ConditionSince = ConditionSince > notBefore ? ConditionSince : notBefore,
        };
    }

    /// <summary>A copy safe to read outside the fleet lock.</summary>
    public NodeView ToView(ResourceAmount requested, int replicas) => new(
        Record.Id, Condition, ConditionSince, LastHeartbeat, FactsWithEffectiveLabels(), Record.DesiredVersion,
        AppliedVersion, Workloads, Telemetry, Session is not null)
    {
        Taints = [.. Record.Taints.Select(t => new Taint(t.Key, t.Value, t.Effect))],
        Cordoned = Record.Cordoned,
        Draining = Record.Draining,
        Requested = requested,
        Replicas = replicas,
    };

    private NodeFactsRecord FactsWithEffectiveLabels()
    {
        var f = Record.Facts;
        return new NodeFactsRecord
        {
            Arch = f.Arch,
            Os = f.Os,
            OsDescription = f.OsDescription,
            CpuMillicores = f.CpuMillicores,
            MemoryBytes = f.MemoryBytes,
            Labels = Record.EffectiveLabels(),
            AgentVersion = f.AgentVersion,
            K3sNodeName = f.K3sNodeName,
            Hostname = f.Hostname,
        };
    }
}

/// <summary>An immutable view of one node for the admin API.</summary>
internal sealed record NodeView(
    string Name,
    NodeCondition Condition,
    DateTimeOffset ConditionSince,
    DateTimeOffset? LastHeartbeat,
    NodeFactsRecord Facts,
    long DesiredVersion,
    long AppliedVersion,
    IReadOnlyList<ObservedWorkload> Workloads,
    NodeTelemetrySample? Telemetry,
    bool Connected)
{
    public IReadOnlyList<Taint> Taints { get; init; } = [];

    public bool Cordoned { get; init; }

    public bool Draining { get; init; }

    /// <summary>What the replicas placed on the node request.</summary>
    public ResourceAmount Requested { get; init; }

    public int Replicas { get; init; }
}
