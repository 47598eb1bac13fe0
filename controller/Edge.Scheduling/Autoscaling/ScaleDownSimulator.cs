namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// Whether a node's replicas would fit on the other nodes, with placement's own filters
/// (static filters, resources and extended resources, the node's maximum of workloads, one replica
/// per node for workloads with anti-affinity), counting
/// what earlier removals in the same pass already moved. Nodes being removed take nothing.
/// </summary>
internal sealed class ScaleDownSimulator(ClusterCache cache, IReadOnlyDictionary<string, PlacementWorkload> workloads)
{
    private readonly Dictionary<string, ResourceAmount> _moved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _movedWorkloads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Held> _movedHeld = new(StringComparer.Ordinal);
    private List<PlacementNode>? _targets;

    /// <summary>Where each replica of <paramref name="node"/> would go, or why one would fit nowhere.</summary>
    public (IReadOnlyList<(ReplicaAssignment Replica, string Target)>? Moves, string? Why) TryMove(string node)
    {
        _targets ??= [.. cache.Nodes.Where(n => n.Condition == NodeCondition.Ready && !n.Cordoned).OrderBy(n => n.Name, StringComparer.Ordinal)];
        var moves = new List<(ReplicaAssignment, string)>();
        var added = new Dictionary<string, ResourceAmount>(StringComparer.Ordinal);
        var addedWorkloads = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var addedHeld = new Dictionary<string, Held>(StringComparer.Ordinal);
        foreach (var replica in cache.AssignmentsOn(node))
        {
            if (!workloads.TryGetValue(replica.Workload, out var workload))
            {
                return (null, $"replica {replica.Workload}#{replica.Ordinal} has no known spec to simulate");
            }

            string? target = null;
            foreach (var candidate in _targets)
            {
                if (candidate.Name == node || _removed.Contains(candidate.Name) || PlacementRules.StaticFilter(candidate, workload) is not null)
                {
                    continue;
                }

                var used = cache.RequestedOn(candidate.Name) + _moved.GetValueOrDefault(candidate.Name) + added.GetValueOrDefault(candidate.Name);
                if (PlacementRules.ResourceFilter(candidate.Allocatable, used, workload.Requests) is not null
                    || !Fits(candidate, workload, _movedHeld.GetValueOrDefault(candidate.Name), addedHeld.GetValueOrDefault(candidate.Name)))
                {
                    continue;
                }

                if (workload.AntiAffinity.Count > 0 && (RunsThere(candidate.Name, workload.Name) || Has(_movedWorkloads, candidate.Name, workload.Name) || Has(addedWorkloads, candidate.Name, workload.Name)))
                {
                    continue;
                }

                target = candidate.Name;
                break;
            }

            if (target is null)
            {
                return (null, $"replica {replica.Workload}#{replica.Ordinal} fits on no other node ({cache.NodeCount - 1 - _removed.Count} others checked)");
            }

            added[target] = added.GetValueOrDefault(target) + workload.Requests;
            Hold(addedHeld, target, workload);
            Add(addedWorkloads, target, workload.Name);
            moves.Add((replica, target));
        }

        return (moves, null);
    }

    /// <summary>Commits a removal: its replicas now count on their targets, and the node takes nothing.</summary>
    public void Commit(string node, IReadOnlyList<(ReplicaAssignment Replica, string Target)> moves)
    {
        _removed.Add(node);
        foreach (var (replica, target) in moves)
        {
            _moved[target] = _moved.GetValueOrDefault(target) + workloads[replica.Workload].Requests;
            Hold(_movedHeld, target, workloads[replica.Workload]);
            Add(_movedWorkloads, target, replica.Workload);
        }
    }

    /// <summary>The candidate's maximum of workloads and its extended resources, with what earlier removals and this one moved there.</summary>
    private bool Fits(PlacementNode candidate, PlacementWorkload workload, Held? moved, Held? added)
    {
        var replicas = cache.ReplicasOn(candidate.Name) + (moved?.Replicas ?? 0) + (added?.Replicas ?? 0);
        if (PlacementRules.CountFilter(candidate, replicas) is not null)
        {
            return false;
        }

        if (workload.ExtendedRequests.Count == 0)
        {
            return true;
        }

        var held = new Dictionary<string, long>(cache.ExtendedRequestedOn(candidate.Name), StringComparer.Ordinal);
        foreach (var extra in new[] { moved?.Devices, added?.Devices })
        {
            foreach (var (name, count) in extra ?? [])
            {
                held[name] = held.GetValueOrDefault(name) + count;
            }
        }

        return PlacementRules.ExtendedFilter(candidate.ExtendedResources, held, workload.ExtendedRequests) is null;
    }

    private static void Hold(Dictionary<string, Held> map, string node, PlacementWorkload workload)
    {
        if (!map.TryGetValue(node, out var held))
        {
            held = new Held();
            map[node] = held;
        }

        held.Replicas++;
        foreach (var (name, count) in workload.ExtendedRequests)
        {
            held.Devices[name] = held.Devices.GetValueOrDefault(name) + count;
        }
    }

    private static bool Has(Dictionary<string, HashSet<string>> map, string node, string workload) =>
        map.TryGetValue(node, out var set) && set.Contains(workload);

    private static void Add(Dictionary<string, HashSet<string>> map, string node, string workload)
    {
        if (!map.TryGetValue(node, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            map[node] = set;
        }

        set.Add(workload);
    }

    private bool RunsThere(string node, string workload) =>
        cache.SlotOf(node) is { } slot && cache.RunsOn(slot, cache.WorkloadId(workload));

    /// <summary>Replicas moved onto a node and the devices they hold there.</summary>
    private sealed class Held
    {
        public int Replicas { get; set; }

        public Dictionary<string, long> Devices { get; } = new(StringComparer.Ordinal);
    }
}
