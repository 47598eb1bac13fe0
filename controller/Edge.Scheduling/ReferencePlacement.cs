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
    private readonly Dictionary<string, int> _replicas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _extended = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Workload, int Ordinal), IReadOnlyDictionary<string, long>> _held = [];
    private readonly Dictionary<string, SortedDictionary<int, string>> _assigned = new(StringComparer.Ordinal);
    private readonly SymmetricAntiAffinity _symmetric = new();
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

    /// <summary>Extended resources the node's replicas hold (names whose count fell to 0 left out).</summary>
    public IReadOnlyDictionary<string, long> ExtendedOn(string node) =>
        _extended.TryGetValue(node, out var held) ? held.Where(kv => kv.Value != 0).ToDictionary(StringComparer.Ordinal) : PlacementNode.Empty;

    public void Assign(string workload, int ordinal, string node, ResourceAmount requests, IReadOnlyDictionary<string, long>? extended = null)
    {
        Of(workload)[ordinal] = node;
        _used[node] += requests;
        _replicas[node] = _replicas.GetValueOrDefault(node) + 1;
        if (extended is { Count: > 0 })
        {
            _held[(workload, ordinal)] = extended;
            Hold(node, extended, +1);
        }
    }

    public void Unassign(string workload, int ordinal, ResourceAmount requests)
    {
        if (Of(workload).Remove(ordinal, out var node))
        {
            _used[node] -= requests;
            _replicas[node]--;
            if (_held.Remove((workload, ordinal), out var extended))
            {
                Hold(node, extended, -1);
            }
        }
    }

    private void Hold(string node, IReadOnlyDictionary<string, long> extended, int sign)
    {
        if (!_extended.TryGetValue(node, out var held))
        {
            held = new Dictionary<string, long>(StringComparer.Ordinal);
            _extended[node] = held;
        }

        foreach (var (name, count) in extended)
        {
            held[name] = held.GetValueOrDefault(name) + (sign * count);
        }
    }

    /// <summary>Replaces a node's spec (same name).</summary>
    public void UpsertNode(PlacementNode node)
    {
        var i = _nodes.FindIndex(n => n.Name == node.Name);
        _nodes[i] = node;
        _byName[node.Name] = node;
    }

    /// <summary>Makes a workload's anti-affinity known to later placements of the workloads it names.</summary>
    public void Declare(PlacementWorkload workload) => _symmetric.Declare(workload);

    public WorkloadPlacement Place(PlacementWorkload workload, int replicas)
    {
        _symmetric.Declare(workload);
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
            Assign(workload.Name, ordinal, best.Node, workload.Requests, workload.ExtendedRequests);
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

        var maxUntolerated = feasible.Select(n => PlacementRules.UntoleratedPreferNoSchedule(n, w)).DefaultIfEmpty(0).Max();
        var spread = w.TopologySpread.Select(s => (Spec: s, Hard: s.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule, Counts: SpreadCounts(w, s))).ToList();
        var mins = spread.Select(s => SpreadMin(w, s.Spec, s.Counts)).ToList();
        var anti = w.AntiAffinity.Select(a => (a.TopologyKey, Counts: DomainCounts(a.TopologyKey, a.Workloads), Reason: PlacementRules.AntiAffinityReason(a.TopologyKey)))
            .Concat(_symmetric.Naming(w.Name)
                .Where(x => x.Owner != w.Name && !w.AntiAffinity.Any(a => a.TopologyKey == x.Key && a.Workloads.Contains(x.Owner, StringComparer.Ordinal)))
                .Select(x => (TopologyKey: x.Key, Counts: DomainCounts(x.Key, [x.Owner]), Reason: PlacementRules.SymmetricAntiAffinityReason(x.Owner, x.Key))))
            .ToList();
        var affine = PlacementRules.AffinityCounted(w);
        var required = w.WorkloadAffinity.Select(a => (a.TopologyKey, Counts: KeyedCounts(a.TopologyKey, affine))).ToList();
        var exempt = required.Count == 0 || PlacementRules.AffinityExempt(w, required.Sum(r => r.Counts.Values.Sum()));
        var preferred = w.PreferredWorkloadAffinity.Select(p => (p.Weight, p.Term.TopologyKey, Counts: KeyedCounts(p.Term.TopologyKey, p.Term.Workloads))).ToList();
        var scored = new List<(string Node, long Score, long Raw)>();
        foreach (var node in feasible)
        {
            var used = _used[node.Name];
            var reason = PlacementRules.CountFilter(node, _replicas.GetValueOrDefault(node.Name))
                ?? PlacementRules.ResourceFilter(node.Allocatable, used, w.Requests)
                ?? PlacementRules.ExtendedFilter(node.ExtendedResources, _extended.GetValueOrDefault(node.Name), w.ExtendedRequests);
            reason ??= anti.Where(a => node.TopologyValue(a.TopologyKey) is { } v && a.Counts.GetValueOrDefault(v) > 0).Select(a => a.Reason).FirstOrDefault();
            reason ??= exempt ? null : required.Where(r => r.Counts.GetValueOrDefault(node.TopologyValue(r.TopologyKey)!) == 0)
                .Select(r => PlacementRules.WorkloadAffinityReason(r.TopologyKey)).FirstOrDefault();
            reason ??= spread.Select((s, i) => (s, i))
                .Where(x => x.s.Hard && x.s.Counts.GetValueOrDefault(node.TopologyValue(x.s.Spec.TopologyKey)!) + 1 - mins[x.i] > x.s.Spec.MaxSkew)
                .Select(x => PlacementRules.SpreadReason(x.s.Spec.TopologyKey)).FirstOrDefault();
            if (reason is not null)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                continue;
            }

            var score = PlacementRules.ResourceScore(w.Scoring, node.Allocatable, used, w.Requests) + PlacementRules.StaticScore(node, w, maxUntolerated);
            for (var i = 0; i < spread.Count; i++)
            {
                if (!spread[i].Hard)
                {
                    score -= PlacementRules.SpreadPenalty(spread[i].Counts.GetValueOrDefault(node.TopologyValue(spread[i].Spec.TopologyKey) ?? "") - mins[i]);
                }
            }

            var raw = preferred.Sum(p => node.TopologyValue(p.TopologyKey) is { } v ? (long)p.Weight * p.Counts.GetValueOrDefault(v) : 0);
            scored.Add((node.Name, score, raw));
        }

        var min = scored.Select(s => s.Raw).DefaultIfEmpty(0).Min();
        var max = scored.Select(s => s.Raw).DefaultIfEmpty(0).Max();
        var ranked = scored.Select(s => new ScoredNode(s.Node, s.Score + PlacementRules.WorkloadAffinityScore(s.Raw, min, max))).ToList();

        ranked.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Node, b.Node));
        return (ranked, new FitSummary(_nodes.Count, ranked.Count, PlacementRules.Ordered(reasons)));
    }

    /// <summary>The workload's own replicas per domain, counting only nodes the constraint includes.</summary>
    private Dictionary<string, int> SpreadCounts(PlacementWorkload w, TopologySpreadConstraint s)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in Of(w.Name).Values)
        {
            var node = _byName[name];
            var value = node.TopologyValue(s.TopologyKey);
            if ((value is not null || s.WhenUnsatisfiable == UnsatisfiableAction.ScheduleAnyway) && PlacementRules.SpreadCounts(node, w, s))
            {
                counts[value ?? ""] = counts.GetValueOrDefault(value ?? "") + 1;
            }
        }

        return counts;
    }

    /// <summary>The least count over eligible domains, 0 below minDomains of them.</summary>
    private int SpreadMin(PlacementWorkload w, TopologySpreadConstraint s, Dictionary<string, int> counts)
    {
        var hard = s.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule;
        var domains = _nodes
            .Where(n => (n.TopologyValue(s.TopologyKey) is not null || !hard) && PlacementRules.SpreadEligible(n, w, s))
            .Select(n => n.TopologyValue(s.TopologyKey) ?? "")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return hard && domains.Count < s.MinDomains ? 0 : domains.Select(d => counts.GetValueOrDefault(d)).DefaultIfEmpty(0).Min();
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

    /// <summary>Replicas of <paramref name="workloads"/> per value of <paramref name="key"/>; nodes without it are in no domain.</summary>
    private Dictionary<string, int> KeyedCounts(string key, IEnumerable<string> workloads)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var workload in workloads.Distinct(StringComparer.Ordinal))
        {
            foreach (var node in Of(workload).Values)
            {
                if (_byName[node].TopologyValue(key) is { } value)
                {
                    counts[value] = counts.GetValueOrDefault(value) + 1;
                }
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
