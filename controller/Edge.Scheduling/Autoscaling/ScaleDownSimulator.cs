namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// Whether a node's replicas would fit on the other nodes, with placement's own filters
/// (static filters, resources, one replica per node for workloads with anti-affinity), counting
/// what earlier removals in the same pass already moved. Nodes being removed take nothing.
/// </summary>
internal sealed class ScaleDownSimulator(ClusterCache cache, IReadOnlyDictionary<string, PlacementWorkload> workloads)
{
    private readonly Dictionary<string, ResourceAmount> _moved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _movedWorkloads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private List<PlacementNode>? _targets;

    /// <summary>Where each replica of <paramref name="node"/> would go, or why one would fit nowhere.</summary>
    public (IReadOnlyList<(ReplicaAssignment Replica, string Target)>? Moves, string? Why) TryMove(string node)
    {
        _targets ??= [.. cache.Nodes.Where(n => n.Condition == NodeCondition.Ready && !n.Cordoned).OrderBy(n => n.Name, StringComparer.Ordinal)];
        var moves = new List<(ReplicaAssignment, string)>();
        var added = new Dictionary<string, ResourceAmount>(StringComparer.Ordinal);
        var addedWorkloads = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
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
                if (PlacementRules.ResourceFilter(candidate.Allocatable, used, workload.Requests) is not null)
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
            Add(_movedWorkloads, target, replica.Workload);
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
}
