namespace Edge.Scheduling;

/// <summary>
/// The straightforward placement the engine must agree with: for every replica, filter and
/// score every node from scratch and take the best (ties to the smaller name). Kept for tests
/// and as the benchmark's baseline; O(nodes) per replica.
/// </summary>
internal sealed class ReferencePlacement
{
    private readonly List<PlacementNode> _nodes;
    private readonly Dictionary<string, PlacementNode> _byName;
    private readonly Dictionary<string, ResourceAmount> _used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<int, string>> _assigned = new(StringComparer.Ordinal);
    private readonly int _runnersUp;

    public ReferencePlacement(IEnumerable<PlacementNode> nodes, int runnersUp = 3)
    {
        _nodes = [.. nodes.OrderBy(n => n.Name, StringComparer.Ordinal)];
        _byName = _nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        _runnersUp = runnersUp;
        foreach (var node in _nodes)
        {
            _used[node.Name] = default;
        }
    }

    public IReadOnlyDictionary<string, ResourceAmount> Used => _used;

    public void Assign(string workload, int ordinal, string node, ResourceAmount requests)
    {
        Of(workload)[ordinal] = node;
        _used[node] += requests;
    }

    public void Unassign(string workload, int ordinal, ResourceAmount requests)
    {
        if (Of(workload).Remove(ordinal, out var node))
        {
            _used[node] -= requests;
        }
    }

    /// <summary>Replaces a node's spec (same name).</summary>
    public void UpsertNode(PlacementNode node)
    {
        var i = _nodes.FindIndex(n => n.Name == node.Name);
        _nodes[i] = node;
        _byName[node.Name] = node;
    }

    public WorkloadPlacement Place(PlacementWorkload workload, int replicas)
    {
        var results = new List<ReplicaPlacement>(replicas);
        var mine = Of(workload.Name);
        var ordinal = 0;
        for (var i = 0; i < replicas; i++)
        {
            while (mine.ContainsKey(ordinal))
            {
                ordinal++;
            }

            var (ranked, summary) = Rank(workload);
            if (ranked.Count == 0)
            {
                results.Add(new ReplicaPlacement { Workload = workload.Name, Ordinal = ordinal++, Unplaced = summary });
                continue;
            }

            var best = ranked[0];
            Assign(workload.Name, ordinal, best.Node, workload.Requests);
            results.Add(new ReplicaPlacement
            {
                Workload = workload.Name,
                Ordinal = ordinal,
                Node = best.Node,
                Score = best.Score,
                RunnersUp = [.. ranked.Skip(1).Take(_runnersUp)],
            });
        }

        return new WorkloadPlacement(workload.Name, results);
    }

    /// <summary>Every node that fits, best first, and the filter counts.</summary>
    private (List<ScoredNode> Ranked, FitSummary Summary) Rank(PlacementWorkload w)
    {
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var feasible = new List<PlacementNode>();
        foreach (var node in _nodes)
        {
            var reason = PlacementRules.StaticFilter(node, w);
            if (reason is null)
            {
                feasible.Add(node);
            }
            else
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        var spread = w.TopologySpread.Select(s => (s.TopologyKey, s.MaxSkew, Hard: s.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule, Counts: DomainCounts(s.TopologyKey, [w.Name]))).ToList();
        var anti = w.AntiAffinity.Select(a => (a.TopologyKey, Counts: DomainCounts(a.TopologyKey, a.Workloads))).ToList();
        var mins = spread.Select(s => feasible.Select(n => s.Counts.GetValueOrDefault(n.TopologyValue(s.TopologyKey) ?? "")).DefaultIfEmpty(0).Min()).ToList();
        var ranked = new List<ScoredNode>();
        foreach (var node in feasible)
        {
            var used = _used[node.Name];
            var reason = PlacementRules.ResourceFilter(node.Allocatable, used, w.Requests);
            reason ??= anti.Where(a => a.Counts.GetValueOrDefault(node.TopologyValue(a.TopologyKey)!) > 0).Select(a => PlacementRules.AntiAffinityReason(a.TopologyKey)).FirstOrDefault();
            reason ??= spread.Select((s, i) => (s, i))
                .Where(x => x.s.Hard && x.s.Counts.GetValueOrDefault(node.TopologyValue(x.s.TopologyKey)!) + 1 - mins[x.i] > x.s.MaxSkew)
                .Select(x => PlacementRules.SpreadReason(x.s.TopologyKey)).FirstOrDefault();
            if (reason is not null)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                continue;
            }

            var score = PlacementRules.ResourceScore(w.Scoring, node.Allocatable, used, w.Requests) + PlacementRules.StaticScore(node, w);
            for (var i = 0; i < spread.Count; i++)
            {
                if (!spread[i].Hard)
                {
                    score -= PlacementRules.SpreadPenalty(spread[i].Counts.GetValueOrDefault(node.TopologyValue(spread[i].TopologyKey) ?? "") - mins[i]);
                }
            }

            ranked.Add(new ScoredNode(node.Name, score));
        }

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Node, b.Node));
        return (ranked, new FitSummary(_nodes.Count, ranked.Count, PlacementRules.Ordered(reasons)));
    }

    /// <summary>Replicas of <paramref name="workloads"/> per value of <paramref name="key"/> (nodes lacking it under "").</summary>
    private Dictionary<string, int> DomainCounts(string key, IEnumerable<string> workloads)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var workload in workloads)
        {
            foreach (var node in Of(workload).Values)
            {
                var value = _byName[node].TopologyValue(key) ?? "";
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        return counts;
    }

    private SortedDictionary<int, string> Of(string workload)
    {
        if (!_assigned.TryGetValue(workload, out var map))
        {
            map = [];
            _assigned[workload] = map;
        }

        return map;
    }
}
