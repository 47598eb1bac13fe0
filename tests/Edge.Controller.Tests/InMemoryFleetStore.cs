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
    private readonly Dictionary<string, AssignmentRecord> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TenantRecord> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DesiredRecord> _desired = new(StringComparer.Ordinal);

    public int NodeWrites { get; private set; }

    public int WorkloadWrites { get; private set; }

    public int ModuleWrites { get; private set; }

    public int AssignmentWrites { get; private set; }

    /// <summary>Batches of desired versions saved.</summary>
    public int DesiredWrites { get; private set; }

    public int Writes => NodeWrites + WorkloadWrites + ModuleWrites + AssignmentWrites + DesiredWrites;

    /// <summary>Stored assignments as "workload/ordinal" → node.</summary>
    public IReadOnlyDictionary<string, string> StoredAssignments => _assignments.ToDictionary(kv => kv.Key, kv => kv.Value.Node, StringComparer.Ordinal);

    /// <summary>The node as last saved, or null; its desired version the higher of the record's and the one saved apart.</summary>
    public NodeRecord? StoredNode(string id)
    {
        if (!_nodes.TryGetValue(id, out var node))
        {
            return null;
        }

        var copy = Copy(node);
        if (_desired.TryGetValue(id, out var d) && d.Version > copy.DesiredVersion)
        {
            copy.DesiredVersion = d.Version;
            copy.DesiredHash = d.Hash;
        }

        return copy;
    }

    public IReadOnlyList<DesiredRecord> LoadDesired() => [.. _desired.Values];

    public void SaveDesired(IReadOnlyList<DesiredRecord> desired)
    {
        if (desired.Count == 0)
        {
            return;
        }

        DesiredWrites++;
        foreach (var d in desired)
        {
            _desired[d.Node] = d;
        }
    }

    public IReadOnlyList<NodeRecord> LoadNodes() => [.. _nodes.Values.Select(Copy)];

    public void SaveNode(NodeRecord node)
    {
        NodeWrites++;
        _nodes[node.Id] = Copy(node);
    }

    public void SaveNodes(IReadOnlyList<NodeRecord> nodes)
    {
        foreach (var node in nodes)
        {
            SaveNode(node);
        }
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

    public void DeleteWorkload(string name)
    {
        WorkloadWrites++;
        _workloads.Remove(name);
    }

    public void DeleteNode(string name)
    {
        NodeWrites++;
        _nodes.Remove(name);
        _desired.Remove(name);
    }

    public IReadOnlyList<AssignmentRecord> LoadAssignments() =>
        [.. _assignments.Values.Select(a => new AssignmentRecord { Id = a.Id, Workload = a.Workload, Ordinal = a.Ordinal, Node = a.Node })];

    public void SaveAssignments(IReadOnlyList<AssignmentRecord> upserts, IReadOnlyList<string> deletes)
    {
        AssignmentWrites++;
        foreach (var a in upserts)
        {
            _assignments[a.Id] = new AssignmentRecord { Id = a.Id, Workload = a.Workload, Ordinal = a.Ordinal, Node = a.Node };
        }

        foreach (var id in deletes)
        {
            _assignments.Remove(id);
        }
    }

    public IReadOnlyList<TenantRecord> LoadTenants() => [.. _tenants.Values];

    public void SaveTenant(TenantRecord tenant) => _tenants[tenant.Id] = tenant;

    private static NodeRecord Copy(NodeRecord node) => new()
    {
        Id = node.Id,
        Facts = Copy(node.Facts),
        FirstSeen = node.FirstSeen,
        DesiredVersion = node.DesiredVersion,
        DesiredHash = node.DesiredHash,
        AdminLabels = new Dictionary<string, string>(node.AdminLabels, StringComparer.Ordinal),
        RemovedLabels = [.. node.RemovedLabels],
        Taints = [.. node.Taints.Select(t => new TaintRecord { Key = t.Key, Value = t.Value, Effect = t.Effect })],
        Cordoned = node.Cordoned,
        Draining = node.Draining,
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
        Pool = workload.Pool,
        Limits = workload.Limits,
        Triggers = workload.Triggers,
        Job = workload.Job,
        HttpOutput = workload.HttpOutput,
        Volumes = [.. workload.Volumes],
        ColdNodes = [.. workload.ColdNodes],
        AnsweredWakes = [.. workload.AnsweredWakes],
        Placement = new WorkloadPlacementRecord
        {
            Mode = workload.Placement.Mode,
            Replicas = workload.Placement.Replicas,
            Tenant = workload.Placement.Tenant,
            CpuMillis = workload.Placement.CpuMillis,
            MemoryBytes = workload.Placement.MemoryBytes,
            ExtendedRequests = new(workload.Placement.ExtendedRequests, StringComparer.Ordinal),
            RequiredAffinity = [.. workload.Placement.RequiredAffinity],
            PreferredAffinity = [.. workload.Placement.PreferredAffinity],
            AntiAffinity = [.. workload.Placement.AntiAffinity],
            WorkloadAffinity = [.. workload.Placement.WorkloadAffinity],
            PreferredWorkloadAffinity = [.. workload.Placement.PreferredWorkloadAffinity],
            Tolerations = [.. workload.Placement.Tolerations],
            TopologySpread = [.. workload.Placement.TopologySpread],
            Priority = workload.Placement.Priority,
            LostAfterMs = workload.Placement.LostAfterMs,
            Strategy = workload.Placement.Strategy,
            MaxUnavailable = workload.Placement.MaxUnavailable,
        },
    };
}
