namespace Edge.Scheduling;

/// <summary>
/// Places replicas on the nodes of a <see cref="ClusterCache"/> and records them there.
/// Every decision is the one a full scan-and-score of every node would make (filters, then
/// the highest score, ties to the smaller node name; a node the caller prefers, when it passes
/// the filters, before any score), but each workload keeps an index
/// between calls so a placement touches only the nodes near the top. Not thread-safe: use it
/// under the same lock as its cache.
/// </summary>
public sealed class PlacementEngine
{
    private readonly Dictionary<string, WorkloadIndex> _indexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextGlobalOrdinal = new(StringComparer.Ordinal);
    private readonly SymmetricAntiAffinity _symmetric = new();

    /// <param name="cache">The node cache to read and record placements in.</param>
    /// <param name="runnersUp">How many next-best nodes each decision reports.</param>
    public PlacementEngine(ClusterCache cache, int runnersUp = 3)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentOutOfRangeException.ThrowIfNegative(runnersUp);
        Cache = cache;
        RunnersUp = runnersUp;
    }

    public ClusterCache Cache { get; }

    public int RunnersUp { get; }

    /// <summary>
    /// Places <paramref name="replicas"/> more replicas of a Replicated workload, one at a time,
    /// each under the lowest free ordinal. A replica that fits nowhere is reported with the
    /// filter counts; the ones after it in the same call are too (nothing changed in between).
    /// </summary>
    public WorkloadPlacement Place(PlacementWorkload workload, int replicas) => Place(workload, replicas, null);

    /// <summary>
    /// As <see cref="Place(PlacementWorkload, int)"/>, with a preference for the first replica:
    /// <paramref name="preferred"/> takes it when it passes every filter (condition, cordon,
    /// selector, affinity, taints, spread, anti-affinity) and has room, whatever its score; else
    /// the replica goes where it would have gone, and the decision says why the preferred node
    /// was not taken. A woken cold workload prefers the node its traffic arrives at, where its
    /// module is already compiled.
    /// </summary>
    public WorkloadPlacement Place(PlacementWorkload workload, int replicas, string? preferred)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var index = IndexOf(workload);
        var results = new List<ReplicaPlacement>(replicas);
        var ordinal = 0;
        FitSummary? unplaced = null;
        for (var i = 0; i < replicas; i++)
        {
            while (Cache.HasOrdinal(index.SelfId, ordinal))
            {
                ordinal++;
            }

            var prefer = i == 0 ? preferred : null;
            if (unplaced is null)
            {
                var (best, runnersUp) = index.Choose(RunnersUp);
                string? refused = null;
                if (prefer is not null)
                {
                    (best, runnersUp, refused) = Prefer(index, workload, prefer, best, runnersUp);
                }

                if (best is not null)
                {
                    Cache.Assign(workload.Name, ordinal, best.Node, workload.Requests, workload.ExtendedRequests);
                    results.Add(new ReplicaPlacement
                    {
                        Workload = workload.Name, Ordinal = ordinal, Node = best.Node, Score = best.Score, RunnersUp = runnersUp,
                        Preferred = prefer, PreferenceRefused = refused,
                    });
                    continue;
                }

                unplaced = index.Explain();
                results.Add(new ReplicaPlacement { Workload = workload.Name, Ordinal = ordinal++, Unplaced = unplaced, Preferred = prefer, PreferenceRefused = refused });
                continue;
            }

            results.Add(new ReplicaPlacement { Workload = workload.Name, Ordinal = ordinal, Unplaced = unplaced });
            ordinal++;
        }

        return new WorkloadPlacement(workload.Name, results);
    }

    /// <summary>
    /// Brings a workload to its spec: Replicated places what is missing up to
    /// <see cref="PlacementWorkload.Replicas"/> (scale-down is <see cref="Surplus"/>);
    /// Global places one replica on every node that passes the filters and has room.
    /// </summary>
    public WorkloadPlacement Reconcile(PlacementWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Mode == PlacementMode.Global
            ? PlaceGlobal(workload)
            : Place(workload, Math.Max(0, workload.Replicas - Cache.ReplicaCount(workload.Name)));
    }

    /// <summary>Reconciles several workloads, higher priority first, then by name.</summary>
    public IReadOnlyList<WorkloadPlacement> ReconcileAll(IEnumerable<PlacementWorkload> workloads) =>
        [.. workloads.OrderByDescending(w => w.Priority).ThenBy(w => w.Name, StringComparer.Ordinal).Select(Reconcile)];

    /// <summary>Replicas above the spec's count, highest ordinals first (the newest, as a ReplicaSet scales down); not unassigned here.</summary>
    public IReadOnlyList<ReplicaAssignment> Surplus(PlacementWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var assigned = Cache.AssignmentsOf(workload.Name);
        var extra = assigned.Count - workload.Replicas;
        return extra <= 0 || workload.Mode == PlacementMode.Global ? [] : [.. assigned.Reverse().Take(extra)];
    }

    /// <summary>Why a new replica of the workload would not fit now, or how many nodes would take it.</summary>
    public FitSummary Explain(PlacementWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return IndexOf(workload).Explain();
    }

    /// <summary>
    /// Global mode, one node: places a replica there when the node passes the filters, has room
    /// and runs none yet; null otherwise. For node events (a hello, a label change), so they
    /// cost one node instead of a scan of the fleet.
    /// </summary>
    public ReplicaPlacement? PlaceGlobalOn(PlacementWorkload workload, string node)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.Mode != PlacementMode.Global || Cache.SlotOf(node) is not { } slot || Cache.NodeAt(slot) is not { } spec)
        {
            return null;
        }

        _symmetric.Declare(workload);
        var id = Cache.WorkloadId(workload.Name);
        if (PlacementRules.StaticFilter(spec, workload) is not null || Cache.RunsOn(slot, id)
            || PlacementRules.CountFilter(spec, Cache.ReplicasAt(slot)) is not null
            || PlacementRules.ResourceFilter(spec.Allocatable, Cache.UsedAt(slot), workload.Requests) is not null
            || PlacementRules.ExtendedFilter(spec.ExtendedResources, Cache.ExtendedUsedAt(slot), workload.ExtendedRequests) is not null)
        {
            return null;
        }

        var ordinal = _nextGlobalOrdinal.GetValueOrDefault(workload.Name);
        while (Cache.HasOrdinal(id, ordinal))
        {
            ordinal++;
        }

        _nextGlobalOrdinal[workload.Name] = ordinal + 1;

        // The taint score's normaliser needs the fleet only when this node has untolerated PreferNoSchedule taints.
        var maxUntolerated = PlacementRules.UntoleratedPreferNoSchedule(spec, workload) == 0 ? 0 : PlacementRules.MaxUntoleratedPreferNoSchedule(Cache.Nodes, workload);
        var score = PlacementRules.ResourceScore(workload.Scoring, spec.Allocatable, Cache.UsedAt(slot), workload.Requests) + PlacementRules.StaticScore(spec, workload, maxUntolerated);
        Cache.Assign(workload.Name, ordinal, spec.Name, workload.Requests, workload.ExtendedRequests);
        return new ReplicaPlacement { Workload = workload.Name, Ordinal = ordinal, Node = spec.Name, Score = score };
    }

    /// <summary>
    /// Makes a workload's required anti-affinity known without placing it, so other workloads'
    /// placements honour it (symmetry). Every placement call declares its workload too; the
    /// controller declares every stored workload at start, before the first placement.
    /// </summary>
    public void Declare(PlacementWorkload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        _symmetric.Declare(workload);
    }

    /// <summary>Drops what the engine keeps for a deleted workload (the caller unassigns its replicas).</summary>
    public void Forget(string workload)
    {
        _indexes.Remove(workload);
        _nextGlobalOrdinal.Remove(workload);
        _symmetric.Forget(workload);
    }

    private WorkloadPlacement PlaceGlobal(PlacementWorkload workload)
    {
        _symmetric.Declare(workload);
        var id = Cache.WorkloadId(workload.Name);
        var results = new List<ReplicaPlacement>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var ordinal = 0;
        var fit = 0;
        var maxUntolerated = PlacementRules.MaxUntoleratedPreferNoSchedule(Cache.Nodes, workload);
        foreach (var node in Cache.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var slot = Cache.SlotOf(node.Name)!.Value;
            var reason = PlacementRules.StaticFilter(node, workload)
                ?? (Cache.RunsOn(slot, id) ? PlacementRules.AlreadyRunning : null)
                ?? PlacementRules.CountFilter(node, Cache.ReplicasAt(slot))
                ?? PlacementRules.ResourceFilter(node.Allocatable, Cache.UsedAt(slot), workload.Requests)
                ?? PlacementRules.ExtendedFilter(node.ExtendedResources, Cache.ExtendedUsedAt(slot), workload.ExtendedRequests);
            if (reason is not null)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + 1;
                continue;
            }

            fit++;
            while (Cache.HasOrdinal(id, ordinal))
            {
                ordinal++;
            }

            var score = PlacementRules.ResourceScore(workload.Scoring, node.Allocatable, Cache.UsedAt(slot), workload.Requests) + PlacementRules.StaticScore(node, workload, maxUntolerated);
            Cache.Assign(workload.Name, ordinal, node.Name, workload.Requests, workload.ExtendedRequests);
            results.Add(new ReplicaPlacement { Workload = workload.Name, Ordinal = ordinal, Node = node.Name, Score = score });
        }

        counts.Remove(PlacementRules.AlreadyRunning, out var running);
        return new WorkloadPlacement(workload.Name, results)
        {
            NodesLeftOut = counts.Count == 0 ? null : new FitSummary(Cache.NodeCount - running, fit, PlacementRules.Ordered(counts)),
        };
    }

    /// <summary>The preferred node with the usual best among its runners-up when it passes every filter; else the usual choice and why not.</summary>
    private (ScoredNode? Best, IReadOnlyList<ScoredNode> RunnersUp, string? Refused) Prefer(
        WorkloadIndex index, PlacementWorkload workload, string preferred, ScoredNode? best, IReadOnlyList<ScoredNode> runnersUp)
    {
        if (Cache.SlotOf(preferred) is not { } slot || Cache.NodeAt(slot) is not { } node)
        {
            return (best, runnersUp, $"{preferred}: not a node of the fleet");
        }

        if (index.Refusal(slot) is { } reason)
        {
            return (best, runnersUp, PlacementRules.PreferenceRefusal(node, Cache.UsedAt(slot), workload.Requests, reason));
        }

        IEnumerable<ScoredNode> others = best is null ? runnersUp : [best, .. runnersUp];
        return (new ScoredNode(node.Name, index.ScoreAt(slot)), [.. others.Where(n => n.Node != node.Name).Take(RunnersUp)], null);
    }

    private WorkloadIndex IndexOf(PlacementWorkload workload)
    {
        _symmetric.Declare(workload);
        if (_indexes.TryGetValue(workload.Name, out var index) && ReferenceEquals(index.Workload, workload))
        {
            return index;
        }

        var key = SpecKey.Of(workload);
        if (index is null || index.SpecKey != key)
        {
            index = new WorkloadIndex(Cache, workload, key, _symmetric);
            _indexes[workload.Name] = index;
        }

        index.Workload = workload;
        return index;
    }
}
