namespace Edge.Scheduling;

/// <summary>
/// One workload's view of the fleet, kept between placements so a placement touches a few
/// nodes instead of all of them. Built once per node-spec epoch: the static filters and
/// static score of every node (computed once), per-domain replica counts, and max-heaps of
/// candidate nodes keyed by their score. The heaps are partitioned by the domain of the first
/// DoNotSchedule spread constraint, so a domain at its skew limit is skipped whole.
/// Afterwards it follows the cache's change log: a node whose usage changed is pushed again
/// with its new key; older entries are recognised by version and dropped when they surface.
/// Keys can only fall between rebuilds (more replicas in a domain, a fuller node for spread),
/// except usage changes, which are pushed eagerly; a removed counted replica forces a rebuild.
/// Exactness: the chosen node is always the highest (score, then name) among nodes passing all
/// filters, as the reference scan would choose.
/// </summary>
internal sealed class WorkloadIndex
{
    private readonly ClusterCache _cache;
    private readonly SymmetricAntiAffinity _symmetric;
    private readonly int _self;
    private long _symmetricVersion = -1;
    private readonly List<HeapEntry> _parked = [];
    private readonly List<(int Domain, HeapEntry Entry)> _popped = [];
    private readonly List<(int Domain, HeapEntry Entry)> _candidates = [];
    private readonly List<(int Domain, HeapEntry Top)> _topDomains = [];
    private long _epoch = -1;
    private long _logPosition;
    private bool _dirty = true;
    private bool[] _feasible = [];
    private long[] _static = [];
    private int[] _pushed = [];
    private int[] _nameRank = [];
    private readonly List<int> _feasibleSlots = [];
    private Dictionary<string, int> _staticReasons = [];
    private DomainCounts[] _constraints = [];
    private DomainCounts? _partition;
    private DomainCounts[] _required = [];
    private DomainCounts[] _preferred = [];
    private int[] _preferredWeights = [];
    private int[] _heapOfSlot = [];
    private int[][] _heapDomains = [];
    private long[] _raw = [];
    private long[] _bonus = [];
    private readonly List<int> _live = [];
    private NodeHeap[] _heaps = [];
    private int _heapEntries;
    private int _feasibleCount;

    public WorkloadIndex(ClusterCache cache, PlacementWorkload workload, string specKey, SymmetricAntiAffinity symmetric)
    {
        _cache = cache;
        _symmetric = symmetric;
        Workload = workload;
        SpecKey = specKey;
        _self = cache.WorkloadId(workload.Name);
    }

    /// <summary>The spec the index was built for; replaced (same key) when only replicas or priority change.</summary>
    public PlacementWorkload Workload { get; set; }

    public string SpecKey { get; }

    public int SelfId => _self;

    /// <summary>Picks the node for one more replica (not yet assigned) with up to <paramref name="runnersUp"/> next best.</summary>
    public (ScoredNode? Best, IReadOnlyList<ScoredNode> RunnersUp) Choose(int runnersUp)
    {
        CatchUp();
        Live();
        _topDomains.Clear();
        var take = runnersUp + 1;
        foreach (var d in _live)
        {
            InsertTop(_topDomains, (d, Bonused(d, _heaps[d].Peek())), take, _heaps[d]);
        }

        if (_topDomains.Count == 0)
        {
            return (null, []);
        }

        var offset = ScoreOffset();
        if (runnersUp == 0)
        {
            var top = _topDomains[0].Top;
            return (new ScoredNode(_cache.NodeAt(top.Slot)!.Name, top.Key + offset), []);
        }

        _popped.Clear();
        _candidates.Clear();
        foreach (var (d, _) in _topDomains)
        {
            var heap = _heaps[d];
            for (var i = 0; i < take && CleanTop(heap); i++)
            {
                var entry = heap.Pop();
                _popped.Add((d, entry));
                InsertTop(_candidates, (d, Bonused(d, entry)), take, heap);
            }
        }

        foreach (var (d, entry) in _popped)
        {
            _heaps[d].Push(entry);
        }

        var best = _candidates[0].Entry;
        var rest = new ScoredNode[_candidates.Count - 1];
        for (var i = 1; i < _candidates.Count; i++)
        {
            var e = _candidates[i].Entry;
            rest[i - 1] = new ScoredNode(_cache.NodeAt(e.Slot)!.Name, e.Key + offset);
        }

        return (new ScoredNode(_cache.NodeAt(best.Slot)!.Name, best.Key + offset), rest);
    }

    /// <summary>The first filter the node in <paramref name="slot"/> fails for one more replica, or null when it would take it.</summary>
    public string? Refusal(int slot)
    {
        CatchUp();
        return PlacementRules.StaticFilter(_cache.NodeAt(slot)!, Workload) ?? DynamicReason(slot);
    }

    /// <summary>The score one more replica would get on the node in <paramref name="slot"/> (as <see cref="Choose"/> reports it).</summary>
    public long ScoreAt(int slot)
    {
        CatchUp();
        Live();
        return Key(slot) + ScoreOffset() + (_preferred.Length == 0 ? 0 : _bonus[_heapOfSlot[slot]]);
    }

    /// <summary>Why no node fits now: every node counted under its first failing filter.</summary>
    public FitSummary Explain()
    {
        CatchUp();
        var counts = new Dictionary<string, int>(_staticReasons, StringComparer.Ordinal);
        var total = _cache.NodeCount;
        var fit = 0;
        for (var slot = 0; slot < _feasible.Length; slot++)
        {
            if (!_feasible[slot])
            {
                continue;
            }

            var reason = DynamicReason(slot);
            if (reason is null)
            {
                fit++;
            }
            else
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
            }
        }

        return new FitSummary(total, fit, PlacementRules.Ordered(counts));
    }

    /// <summary>Brings the index up to date with the cache: a rebuild after spec changes, else the log since last time.</summary>
    public void CatchUp()
    {
        if (_dirty || _epoch != _cache.SpecEpoch || _symmetricVersion != _symmetric.VersionOf(Workload.Name) || _logPosition < _cache.LogBase || _cache.LogEnd - _logPosition > _feasibleCount + 1024)
        {
            Build();
            return;
        }

        var unpark = false;
        for (var position = _logPosition; position < _cache.LogEnd; position++)
        {
            var change = _cache.LogAt(position);
            foreach (var c in _constraints)
            {
                var d = c.NodeDomain[change.Slot];
                if (d < 0 || !c.Counted.Contains(change.Workload))
                {
                    continue;
                }

                if (change.Delta < 0)
                {
                    // Counts fell: parked and dropped nodes may fit again. Rare (scale-down, drain): rebuild.
                    Build();
                    return;
                }

                if (c.Increment(d) && c.Hard && c.IsSpread && c != _partition)
                {
                    unpark = true;
                }
            }

            // Workload affinity never drops a node from a heap: its counts are read per heap at choice time.
            foreach (var c in _required)
            {
                Follow(c, change);
            }

            foreach (var c in _preferred)
            {
                Follow(c, change);
            }

            PushIfChanged(change.Slot);
        }

        _logPosition = _cache.LogEnd;
        if (unpark && _parked.Count > 0)
        {
            foreach (var entry in _parked)
            {
                if (entry.Version == _cache.VersionAt(entry.Slot))
                {
                    Push(entry.Slot, entry.Version);
                }
            }

            _parked.Clear();
        }

        if (_heapEntries > (2 * _feasibleCount) + 1024)
        {
            Build();
        }
    }

    /// <summary>Everything: static filters and scores (once per node-spec epoch), then counts and heaps.</summary>
    private void Build()
    {
        if (_epoch != _cache.SpecEpoch || _symmetricVersion != _symmetric.VersionOf(Workload.Name))
        {
            BuildStatic();
        }

        BuildDynamic();
    }

    private void BuildStatic()
    {
        var slots = _cache.SlotCount;
        _feasible = new bool[slots];
        _static = new long[slots];
        _nameRank = _cache.NameRanks();
        _staticReasons = new Dictionary<string, int>(StringComparer.Ordinal);
        _feasibleSlots.Clear();
        var w = Workload;
        _symmetricVersion = _symmetric.VersionOf(w.Name);
        var spreads = w.TopologySpread;
        var constraints = new List<DomainCounts>();
        foreach (var s in spreads)
        {
            var hard = s.WhenUnsatisfiable == UnsatisfiableAction.DoNotSchedule;
            constraints.Add(new DomainCounts(s.TopologyKey, s.MaxSkew, hard, true, [_self], slots, hard ? s.MinDomains : 1));
        }

        foreach (var a in w.AntiAffinity)
        {
            constraints.Add(new DomainCounts(a.TopologyKey, 0, true, false, [.. a.Workloads.Select(_cache.WorkloadId)], slots));
        }

        // Terms of other workloads that name this one: their replicas' domains are closed to it.
        foreach (var (owner, key) in _symmetric.Naming(w.Name))
        {
            if (owner != w.Name && !w.AntiAffinity.Any(a => a.TopologyKey == key && a.Workloads.Contains(owner, StringComparer.Ordinal)))
            {
                constraints.Add(new DomainCounts(key, 0, true, false, [_cache.WorkloadId(owner)], slots, refusal: PlacementRules.SymmetricAntiAffinityReason(owner, key)));
            }
        }

        _constraints = [.. constraints];
        _partition = _constraints.FirstOrDefault(c => c.Hard && c.IsSpread);
        var affine = w.WorkloadAffinity.Count == 0 ? [] : PlacementRules.AffinityCounted(w).Select(_cache.WorkloadId).ToHashSet();
        _required = [.. w.WorkloadAffinity.Select(a => new DomainCounts(a.TopologyKey, 0, true, false, affine, slots, refusal: PlacementRules.WorkloadAffinityReason(a.TopologyKey)))];
        _preferred = [.. w.PreferredWorkloadAffinity.Select(p => new DomainCounts(p.Term.TopologyKey, 0, false, false, [.. p.Term.Workloads.Select(_cache.WorkloadId)], slots))];
        _preferredWeights = [.. w.PreferredWorkloadAffinity.Select(p => p.Weight)];
        var maxUntolerated = 0;
        for (var slot = 0; slot < slots; slot++)
        {
            if (_cache.NodeAt(slot) is not { } node)
            {
                continue;
            }

            foreach (var c in _required.Concat(_preferred))
            {
                c.NodeDomain[slot] = node.TopologyValue(c.Key) is { } v ? c.Domain(v) : -1;
            }

            for (var i = 0; i < _constraints.Length; i++)
            {
                var c = _constraints[i];
                var value = node.TopologyValue(c.Key);
                if (!c.IsSpread)
                {
                    // Anti-affinity: a node without the key is in no domain and conflicts with nothing.
                    c.NodeDomain[slot] = value is null ? -1 : c.Domain(value);
                    continue;
                }

                var spread = spreads[i];
                if ((value is not null || !c.Hard) && PlacementRules.SpreadCounts(node, w, spread))
                {
                    c.NodeDomain[slot] = c.Domain(value ?? "");
                    if (PlacementRules.SpreadEligible(node, w, spread))
                    {
                        c.AddEligible(c.NodeDomain[slot]);
                    }
                }
            }

            var reason = PlacementRules.StaticFilter(node, w);
            if (reason is not null)
            {
                _staticReasons[reason] = _staticReasons.GetValueOrDefault(reason) + 1;
                continue;
            }

            _feasible[slot] = true;
            _feasibleSlots.Add(slot);
            maxUntolerated = Math.Max(maxUntolerated, PlacementRules.UntoleratedPreferNoSchedule(node, w));
        }

        foreach (var slot in _feasibleSlots)
        {
            _static[slot] = PlacementRules.StaticScore(_cache.NodeAt(slot)!, w, maxUntolerated);
        }

        _feasibleCount = _feasibleSlots.Count;
        BuildPartition(slots);

        _epoch = _cache.SpecEpoch;
    }

    /// <summary>Replica counts from the cache's assignments and fresh heaps: O(feasible nodes + counted replicas).</summary>
    private void BuildDynamic()
    {
        _parked.Clear();
        _pushed = new int[_feasible.Length];
        foreach (var c in _constraints.Concat(_required).Concat(_preferred))
        {
            c.ResetCounts();
            foreach (var id in c.Counted)
            {
                foreach (var (_, slot) in _cache.SlotsOf(id))
                {
                    if (slot < c.NodeDomain.Length && c.NodeDomain[slot] >= 0)
                    {
                        c.AddInitial(c.NodeDomain[slot]);
                    }
                }
            }

            c.RecomputeMin();
        }

        foreach (var heap in _heaps)
        {
            heap.Clear();
        }

        foreach (var slot in _feasibleSlots)
        {
            var version = _cache.VersionAt(slot);
            _pushed[slot] = version;
            _heaps[HeapOf(slot)].AddUnordered(new HeapEntry(Key(slot), slot, version));
        }

        _heapEntries = _feasibleCount;
        foreach (var heap in _heaps)
        {
            heap.Heapify();
        }

        _logPosition = _cache.LogEnd;
        _dirty = false;
    }

    private int HeapOf(int slot) => _heapOfSlot[slot];

    /// <summary>
    /// One heap per combination of the node's domains under the first DoNotSchedule spread key
    /// and every workload-affinity key: a heap's nodes share their skew limit, their required
    /// affinity and their preferred-affinity sum, so a heap is skipped or scored whole.
    /// </summary>
    private void BuildPartition(int slots)
    {
        var keys = new List<DomainCounts>();
        if (_partition is not null)
        {
            keys.Add(_partition);
        }

        keys.AddRange(_required);
        keys.AddRange(_preferred);
        _heapOfSlot = new int[slots];
        var domains = new List<int[]>();
        if (keys.Count == 0)
        {
            domains.Add([]);
        }
        else
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var tuple = new int[keys.Count];
            foreach (var slot in _feasibleSlots)
            {
                for (var k = 0; k < keys.Count; k++)
                {
                    tuple[k] = keys[k].NodeDomain[slot];
                }

                var id = string.Join(',', tuple);
                if (!ids.TryGetValue(id, out var heap))
                {
                    heap = domains.Count;
                    ids[id] = heap;
                    domains.Add([.. tuple]);
                }

                _heapOfSlot[slot] = heap;
            }
        }

        _heapDomains = [.. domains];
        _heaps = new NodeHeap[domains.Count];
        for (var i = 0; i < _heaps.Length; i++)
        {
            _heaps[i] = new NodeHeap(_nameRank);
        }

        _raw = new long[domains.Count];
        _bonus = new long[domains.Count];
    }

    /// <summary>
    /// The heaps that may take a replica now (skew of the partition key, required affinity) and
    /// have a node passing every filter on top; with preferred affinity, each one's normalised
    /// score (min and max over these heaps: the nodes that pass the filters, as upstream).
    /// </summary>
    private void Live()
    {
        _live.Clear();
        var exempt = _required.Length == 0 || PlacementRules.AffinityExempt(Workload, RequiredTotal());
        long min = long.MaxValue, max = long.MinValue;
        for (var h = 0; h < _heaps.Length; h++)
        {
            if (!HeapAllowed(h, exempt) || !CleanTop(_heaps[h]))
            {
                continue;
            }

            _live.Add(h);
            if (_preferred.Length > 0)
            {
                var raw = Raw(h);
                _raw[h] = raw;
                min = Math.Min(min, raw);
                max = Math.Max(max, raw);
            }
        }

        if (_preferred.Length > 0)
        {
            foreach (var h in _live)
            {
                _bonus[h] = PlacementRules.WorkloadAffinityScore(_raw[h], min, max);
            }
        }
    }

    private bool HeapAllowed(int heap, bool exempt)
    {
        var domains = _heapDomains[heap];
        var k = 0;
        if (_partition is not null)
        {
            if (!_partition.SkewAllows(domains[0]))
            {
                return false;
            }

            k = 1;
        }

        if (!exempt)
        {
            for (var i = 0; i < _required.Length; i++)
            {
                if (_required[i].CountAt(domains[k + i]) == 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Preferred affinity before normalising: Σ weight × replicas of the term's workloads in the heap's domain.</summary>
    private long Raw(int heap)
    {
        var domains = _heapDomains[heap];
        var k = domains.Length - _preferred.Length;
        long raw = 0;
        for (var i = 0; i < _preferred.Length; i++)
        {
            var d = domains[k + i];
            if (d >= 0)
            {
                raw += (long)_preferredWeights[i] * _preferred[i].CountAt(d);
            }
        }

        return raw;
    }

    private HeapEntry Bonused(int heap, HeapEntry entry) => _preferred.Length == 0 ? entry : entry with { Key = entry.Key + _bonus[heap] };

    private long RequiredTotal()
    {
        long total = 0;
        foreach (var c in _required)
        {
            total += c.Total;
        }

        return total;
    }

    private static void Follow(DomainCounts c, ChangeEntry change)
    {
        var d = c.NodeDomain[change.Slot];
        if (d < 0 || !c.Counted.Contains(change.Workload))
        {
            return;
        }

        if (change.Delta > 0)
        {
            c.Increment(d);
        }
        else
        {
            c.Decrement(d);
        }
    }

    private void PushIfChanged(int slot)
    {
        var version = _cache.VersionAt(slot);
        if (_feasible[slot] && _pushed[slot] != version)
        {
            _pushed[slot] = version;
            Push(slot, version);
        }
    }

    private void Push(int slot, int version)
    {
        _heaps[HeapOf(slot)].Push(new HeapEntry(Key(slot), slot, version));
        _heapEntries++;
    }

    /// <summary>The ranking key: score without the ScheduleAnyway minimums, which shift every node alike.</summary>
    private long Key(int slot)
    {
        var key = PlacementRules.ResourceScore(Workload.Scoring, _cache.AllocatableAt(slot), _cache.UsedAt(slot), Workload.Requests) + _static[slot];
        foreach (var c in _constraints)
        {
            if (!c.Hard)
            {
                key -= PlacementRules.SpreadPenalty(c.CountAt(c.NodeDomain[slot]));
            }
        }

        return key;
    }

    private long ScoreOffset()
    {
        long offset = 0;
        foreach (var c in _constraints)
        {
            if (!c.Hard)
            {
                offset += PlacementRules.SpreadPenalty(c.Min);
            }
        }

        return offset;
    }

    /// <summary>Drops, parks or re-keys entries at the top until the top is a node that passes every filter with a current key.</summary>
    private bool CleanTop(NodeHeap heap)
    {
        while (heap.Count > 0)
        {
            var entry = heap.Peek();
            var slot = entry.Slot;
            if (entry.Version != _cache.VersionAt(slot))
            {
                heap.Pop();
                _heapEntries--;
                continue;
            }

            var blocked = DynamicBlock(slot);
            if (blocked != Block.None)
            {
                heap.Pop();
                _heapEntries--;
                if (blocked == Block.Skew)
                {
                    // Skew of a non-partition key can clear when that key's minimum rises.
                    _parked.Add(entry);
                }

                continue;
            }

            var key = Key(slot);
            if (key == entry.Key)
            {
                return true;
            }

            heap.Pop();
            heap.Push(entry with { Key = key });
        }

        return false;
    }

    private Block DynamicBlock(int slot)
    {
        if (!(_cache.UsedAt(slot) + Workload.Requests).FitsIn(_cache.AllocatableAt(slot))
            || PlacementRules.CountFilter(_cache.NodeAt(slot)!, _cache.ReplicasAt(slot)) is not null
            || (Workload.ExtendedRequests.Count > 0 && PlacementRules.ExtendedFilter(_cache.NodeAt(slot)!.ExtendedResources, _cache.ExtendedUsedAt(slot), Workload.ExtendedRequests) is not null))
        {
            return Block.Resources;
        }

        foreach (var c in _constraints)
        {
            var d = c.NodeDomain[slot];
            if (c.Hard && (c.IsSpread ? !c.SkewAllows(d) : d >= 0 && c.CountAt(d) > 0))
            {
                return c.IsSpread ? Block.Skew : Block.AntiAffinity;
            }
        }

        return Block.None;
    }

    private string? DynamicReason(int slot)
    {
        var node = _cache.NodeAt(slot)!;
        var resources = PlacementRules.CountFilter(node, _cache.ReplicasAt(slot))
            ?? PlacementRules.ResourceFilter(node.Allocatable, _cache.UsedAt(slot), Workload.Requests)
            ?? PlacementRules.ExtendedFilter(node.ExtendedResources, _cache.ExtendedUsedAt(slot), Workload.ExtendedRequests);
        if (resources is not null)
        {
            return resources;
        }

        foreach (var c in _constraints)
        {
            if (c.Hard && !c.IsSpread && c.NodeDomain[slot] >= 0 && c.CountAt(c.NodeDomain[slot]) > 0)
            {
                return c.Refusal;
            }
        }

        if (_required.Length > 0 && !PlacementRules.AffinityExempt(Workload, RequiredTotal()))
        {
            foreach (var c in _required)
            {
                if (c.CountAt(c.NodeDomain[slot]) == 0)
                {
                    return c.Refusal;
                }
            }
        }

        foreach (var c in _constraints)
        {
            if (c.Hard && c.IsSpread && !c.SkewAllows(c.NodeDomain[slot]))
            {
                return PlacementRules.SpreadReason(c.Key);
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="list"/> as the best <paramref name="size"/> entries, best first.</summary>
    private static void InsertTop(List<(int Domain, HeapEntry Entry)> list, (int Domain, HeapEntry Entry) item, int size, NodeHeap order)
    {
        var i = list.Count;
        while (i > 0 && order.Before(item.Entry, list[i - 1].Entry))
        {
            i--;
        }

        if (i >= size)
        {
            return;
        }

        list.Insert(i, item);
        if (list.Count > size)
        {
            list.RemoveAt(size);
        }
    }

    private enum Block
    {
        None,
        Resources,
        AntiAffinity,
        Skew,
    }
}
