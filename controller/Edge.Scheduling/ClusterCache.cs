namespace Edge.Scheduling;

/// <summary>
/// The incremental node cache placement reads: every node's spec, what its replicas request,
/// and which replica runs where. The controller updates it as nodes and replicas change
/// (after a restart, by replaying stored nodes and assignments); <see cref="PlacementEngine"/>
/// follows its change log instead of rescanning. Not thread-safe: one owner, one lock.
/// </summary>
public sealed class ClusterCache
{
    private readonly Dictionary<string, int> _slotByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _workloadIds = new(StringComparer.Ordinal);
    private readonly List<string> _workloadNames = [];
    private readonly List<Dictionary<int, Assigned>> _byWorkload = [];
    private readonly List<ChangeEntry> _log = [];
    private PlacementNode?[] _nodes = new PlacementNode?[64];
    private ResourceAmount[] _used = new ResourceAmount[64];
    private ResourceAmount[] _allocatable = new ResourceAmount[64];
    private int[] _versions = new int[64];
    private HashSet<(int Workload, int Ordinal)>?[] _onNode = new HashSet<(int, int)>?[64];
    private Dictionary<string, long>?[] _extendedUsed = new Dictionary<string, long>?[64];
    private int _slots;
    private int[] _nameRank = [];
    private long _rankEpoch = -1;

    /// <summary>Nodes known now.</summary>
    public int NodeCount => _slotByName.Count;

    /// <summary>Moves on every node added, removed or changed; placement rebuilds its per-workload indexes then.</summary>
    internal long SpecEpoch { get; private set; }

    /// <summary>Log position of the first entry still kept in <see cref="_log"/>.</summary>
    internal long LogBase { get; private set; }

    internal long LogEnd => LogBase + _log.Count;

    internal int SlotCount => _slots;

    public IEnumerable<PlacementNode> Nodes => _slotByName.Values.Select(s => _nodes[s]!);

    /// <summary>
    /// Adds a node or replaces its spec (labels, taints, allocatable, cordon, condition); its
    /// replicas stay. A spec equal in content to the current one (new instances included) changes nothing.
    /// </summary>
    public void UpsertNode(PlacementNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!_slotByName.TryGetValue(node.Name, out var slot))
        {
            slot = _slots++;
            Grow(_slots);
            _slotByName[node.Name] = slot;
            _onNode[slot] = [];
        }
        else if (_nodes[slot] is { } old && SpecKey.SameNode(old, node))
        {
            return;
        }

        _nodes[slot] = node;
        _allocatable[slot] = node.Allocatable;
        _versions[slot]++;
        SpecEpoch++;
    }

    /// <summary>Forgets a node; returns the replicas it had, which are unassigned.</summary>
    public IReadOnlyList<ReplicaAssignment> RemoveNode(string name)
    {
        if (!_slotByName.TryGetValue(name, out var slot))
        {
            return [];
        }

        var removed = _onNode[slot]!.Select(k => new ReplicaAssignment(_workloadNames[k.Workload], k.Ordinal, name)).ToList();
        foreach (var r in removed)
        {
            Unassign(r.Workload, r.Ordinal);
        }

        _slotByName.Remove(name);
        _nodes[slot] = null;
        _onNode[slot] = null;
        _extendedUsed[slot] = null;
        _versions[slot]++;
        SpecEpoch++;
        return removed;
    }

    public PlacementNode? GetNode(string name) => _slotByName.TryGetValue(name, out var slot) ? _nodes[slot] : null;

    /// <summary>The extended resources the node's replicas hold, by name (empty when none).</summary>
    public IReadOnlyDictionary<string, long> ExtendedRequestedOn(string name) =>
        _slotByName.TryGetValue(name, out var slot) && _extendedUsed[slot] is { } used ? used : PlacementNode.Empty;

    /// <summary>Nodes whose replicas hold more of an extended resource than the node advertises (never the engine's doing).</summary>
    public IReadOnlyList<string> ExtendedOverCapacity() =>
        [.. _slotByName.Where(kv => _extendedUsed[kv.Value] is { } used && used.Any(u => u.Value > _nodes[kv.Value]!.ExtendedResources.GetValueOrDefault(u.Key)))
            .Select(kv => kv.Key).Order(StringComparer.Ordinal)];

    /// <summary>What the node's replicas request in total.</summary>
    public ResourceAmount RequestedOn(string name) => _slotByName.TryGetValue(name, out var slot) ? _used[slot] : default;

    /// <summary>
    /// Records that a replica runs on a node, requesting <paramref name="requests"/>. The engine
    /// calls it for its own decisions; the controller for replicas it learns of (store replay).
    /// Replaces an earlier assignment of the same replica.
    /// </summary>
    public void Assign(string workload, int ordinal, string node, ResourceAmount requests) => Assign(workload, ordinal, node, requests, null);

    /// <summary>As <see cref="Assign(string, int, string, ResourceAmount)"/>, the replica also holding <paramref name="extended"/> devices of the node.</summary>
    public void Assign(string workload, int ordinal, string node, ResourceAmount requests, IReadOnlyDictionary<string, long>? extended)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (!_slotByName.TryGetValue(node, out var slot))
        {
            throw new ArgumentException($"unknown node {node}", nameof(node));
        }

        Unassign(workload, ordinal);
        var id = WorkloadId(workload);
        extended = extended is { Count: > 0 } ? extended : null;
        _byWorkload[id][ordinal] = new Assigned(slot, requests, extended);
        _onNode[slot]!.Add((id, ordinal));
        AddExtended(slot, extended, +1);
        Change(slot, id, requests, +1);
    }

    /// <summary>Forgets where a replica runs; false when it was not assigned.</summary>
    public bool Unassign(string workload, int ordinal)
    {
        if (!_workloadIds.TryGetValue(workload, out var id) || !_byWorkload[id].Remove(ordinal, out var assigned))
        {
            return false;
        }

        _onNode[assigned.Slot]!.Remove((id, ordinal));
        AddExtended(assigned.Slot, assigned.Extended, -1);
        Change(assigned.Slot, id, assigned.Requests, -1);
        return true;
    }

    public IReadOnlyList<ReplicaAssignment> AssignmentsOf(string workload) =>
        _workloadIds.TryGetValue(workload, out var id)
            ? [.. _byWorkload[id].OrderBy(kv => kv.Key).Select(kv => new ReplicaAssignment(workload, kv.Key, _nodes[kv.Value.Slot]!.Name))]
            : [];

    public IReadOnlyList<ReplicaAssignment> AssignmentsOn(string node) =>
        _slotByName.TryGetValue(node, out var slot)
            ? [.. _onNode[slot]!.Select(k => new ReplicaAssignment(_workloadNames[k.Workload], k.Ordinal, node))
                .OrderBy(a => a.Workload, StringComparer.Ordinal).ThenBy(a => a.Ordinal)]
            : [];

    /// <summary>How many of the workload's replicas the node holds.</summary>
    public int ReplicaCountOn(string node, string workload)
    {
        if (!_slotByName.TryGetValue(node, out var slot) || !_workloadIds.TryGetValue(workload, out var id))
        {
            return 0;
        }

        var count = 0;
        foreach (var (w, _) in _onNode[slot]!)
        {
            count += w == id ? 1 : 0;
        }

        return count;
    }

    /// <summary>The node of each of the workload's replicas, in no order (a node once per replica on it).</summary>
    public IEnumerable<string> ReplicaNodes(string workload)
    {
        if (!_workloadIds.TryGetValue(workload, out var id))
        {
            yield break;
        }

        foreach (var assigned in _byWorkload[id].Values)
        {
            yield return _nodes[assigned.Slot]!.Name;
        }
    }

    /// <summary>The distinct workloads with a replica on the node, in ordinal name order (no per-replica objects).</summary>
    public IReadOnlyList<string> WorkloadsOn(string node)
    {
        if (!_slotByName.TryGetValue(node, out var slot))
        {
            return [];
        }

        var on = _onNode[slot]!;
        if (on.Count == 0)
        {
            return [];
        }

        var names = new List<string>(on.Count);
        var seen = new HashSet<int>();
        foreach (var (workload, _) in on)
        {
            if (seen.Add(workload))
            {
                names.Add(_workloadNames[workload]);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public int ReplicaCount(string workload) => _workloadIds.TryGetValue(workload, out var id) ? _byWorkload[id].Count : 0;

    /// <summary>Requested over allocatable per node and for the fleet; nodes over capacity listed (never the engine's doing).</summary>
    public UtilizationReport Utilization()
    {
        var nodes = new List<NodeUtilization>(_slotByName.Count);
        ResourceAmount used = default, allocatable = default;
        foreach (var slot in _slotByName.Values.Order())
        {
            var node = _nodes[slot]!;
            nodes.Add(new NodeUtilization(node.Name, _used[slot], node.Allocatable));
            used += _used[slot];
            allocatable += node.Allocatable;
        }

        return new UtilizationReport(nodes, used, allocatable);
    }

    internal int? SlotOf(string name) => _slotByName.TryGetValue(name, out var slot) ? slot : null;

    internal PlacementNode? NodeAt(int slot) => _nodes[slot];

    internal ResourceAmount UsedAt(int slot) => _used[slot];

    /// <summary>Extended resources held on the node in <paramref name="slot"/>; null when none.</summary>
    internal Dictionary<string, long>? ExtendedUsedAt(int slot) => _extendedUsed[slot];

    /// <summary>The node's allocatable, kept beside <see cref="UsedAt"/> so the hot path does not load the node record.</summary>
    internal ResourceAmount AllocatableAt(int slot) => _allocatable[slot];

    internal int VersionAt(int slot) => _versions[slot];

    internal int WorkloadId(string workload)
    {
        if (!_workloadIds.TryGetValue(workload, out var id))
        {
            id = _workloadNames.Count;
            _workloadIds[workload] = id;
            _workloadNames.Add(workload);
            _byWorkload.Add([]);
        }

        return id;
    }

    internal IEnumerable<(int Ordinal, int Slot)> SlotsOf(int workloadId) => _byWorkload[workloadId].Select(kv => (kv.Key, kv.Value.Slot));

    /// <summary>Replicas of every workload on the node in <paramref name="slot"/> (for its MaxWorkloads).</summary>
    internal int ReplicasAt(int slot) => _onNode[slot]!.Count;

    /// <summary>Replicas of every workload on the node.</summary>
    public int ReplicasOn(string node) => _slotByName.TryGetValue(node, out var slot) ? _onNode[slot]!.Count : 0;

    internal bool HasOrdinal(int workloadId, int ordinal) => _byWorkload[workloadId].ContainsKey(ordinal);

    internal bool RunsOn(int slot, int workloadId) => _onNode[slot]!.Any(k => k.Workload == workloadId);

    /// <summary>Each slot's position in ordinal name order, for tie-breaks without string compares.</summary>
    internal int[] NameRanks()
    {
        if (_rankEpoch != SpecEpoch)
        {
            var slots = _slotByName.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
            _nameRank = new int[_slots];
            for (var i = 0; i < slots.Count; i++)
            {
                _nameRank[slots[i]] = i;
            }

            _rankEpoch = SpecEpoch;
        }

        return _nameRank;
    }

    internal ChangeEntry LogAt(long position) => _log[(int)(position - LogBase)];

    private void Change(int slot, int workload, ResourceAmount requests, int delta)
    {
        _used[slot] = delta > 0 ? _used[slot] + requests : _used[slot] - requests;
        _versions[slot]++;
        if (_log.Count >= 1 << 20)
        {
            // Followers behind the kept window rebuild (they see their position below LogBase).
            LogBase += _log.Count;
            _log.Clear();
        }

        _log.Add(new ChangeEntry(slot, workload, delta));
    }

    private void AddExtended(int slot, IReadOnlyDictionary<string, long>? extended, int sign)
    {
        if (extended is null)
        {
            return;
        }

        var used = _extendedUsed[slot] ??= new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in extended)
        {
            var now = used.GetValueOrDefault(name) + (sign * count);
            if (now == 0)
            {
                used.Remove(name);
            }
            else
            {
                used[name] = now;
            }
        }
    }

    private void Grow(int needed)
    {
        if (needed <= _nodes.Length)
        {
            return;
        }

        var size = Math.Max(needed, _nodes.Length * 2);
        Array.Resize(ref _nodes, size);
        Array.Resize(ref _used, size);
        Array.Resize(ref _allocatable, size);
        Array.Resize(ref _versions, size);
        Array.Resize(ref _onNode, size);
        Array.Resize(ref _extendedUsed, size);
    }

    private readonly record struct Assigned(int Slot, ResourceAmount Requests, IReadOnlyDictionary<string, long>? Extended);
}

/// <summary>One replica added (+1) or removed (−1) on a node slot.</summary>
internal readonly record struct ChangeEntry(int Slot, int Workload, int Delta);
