using Edge.Controller.Store;

namespace Edge.Controller.Tests;

/// <summary>
/// A fleet store in memory that counts writes. It keeps copies, as a real
/// store would, so a record changed after it was saved is not silently "stored".
/// </summary>
internal sealed class InMemoryFleetStore : IFleetStore
{
    private readonly Dictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadRecord> _workloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _modules = new(StringComparer.Ordinal);

    public int NodeWrites { get; private set; }

    public int WorkloadWrites { get; private set; }

    public int ModuleWrites { get; private set; }

    public int Writes => NodeWrites + WorkloadWrites + ModuleWrites;

    /// <summary>The node as last saved, or null.</summary>
    public NodeRecord? StoredNode(string id) => _nodes.TryGetValue(id, out var node) ? Copy(node) : null;

    public IReadOnlyList<NodeRecord> LoadNodes() => [.. _nodes.Values.Select(Copy)];

    public void SaveNode(NodeRecord node)
    {
        NodeWrites++;
        _nodes[node.Id] = Copy(node);
    }

    public IReadOnlyList<WorkloadRecord> LoadWorkloads() => [.. _workloads.Values.Select(Copy)];

    public void SaveWorkload(WorkloadRecord workload)
    {
        WorkloadWrites++;
        _workloads[workload.Id] = Copy(workload);
    }

    public bool HasModule(string digest) => _modules.ContainsKey(digest);

    public void SaveModule(string digest, ReadOnlySpan<byte> wasm)
    {
        ModuleWrites++;
        _modules[digest] = wasm.ToArray();
    }

    public Stream? OpenModule(string digest) =>
        _modules.TryGetValue(digest, out var wasm) ? new MemoryStream(wasm, writable: false) : null;

    private static NodeRecord Copy(NodeRecord node) => new()
    {
        Id = node.Id,
        Facts = Copy(node.Facts),
        FirstSeen = node.FirstSeen,
        DesiredVersion = node.DesiredVersion,
        DesiredHash = node.DesiredHash,
    };

    private static NodeFactsRecord Copy(NodeFactsRecord facts) => new()
    {
        Arch = facts.Arch,
        Os = facts.Os,
        OsDescription = facts.OsDescription,
        CpuMillicores = facts.CpuMillicores,
        MemoryBytes = facts.MemoryBytes,
        Labels = new Dictionary<string, string>(facts.Labels, StringComparer.Ordinal),
        AgentVersion = facts.AgentVersion,
        K3sNodeName = facts.K3sNodeName,
        Hostname = facts.Hostname,
    };

    private static WorkloadRecord Copy(WorkloadRecord workload) => new()
    {
        Id = workload.Id,
        ModuleDigest = workload.ModuleDigest,
        ModuleSizeBytes = workload.ModuleSizeBytes,
        NodeSelector = new Dictionary<string, string>(workload.NodeSelector, StringComparer.Ordinal),
        Env = new Dictionary<string, string>(workload.Env, StringComparer.Ordinal),
        Args = [.. workload.Args],
        UpdatedAt = workload.UpdatedAt,
    };
}
