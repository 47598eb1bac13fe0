using Edge.Controller.Events;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>Placement: keeps the cache current, runs the engine and the lifecycle rules, persists what changed.</summary>
internal sealed partial class FleetState
{
    /// <summary>Assignment changes not yet stored, by id; null = deleted.</summary>
    private readonly Dictionary<string, AssignmentRecord?> _pending = new(StringComparer.Ordinal);

    /// <summary>Nodes whose replicas changed since the last flush.</summary>
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    /// <summary>The decision that put each replica where it is (runners-up and scores), for explain; not stored.</summary>
    private readonly Dictionary<(string Workload, int Ordinal), ReplicaPlacement> _decisions = [];

    /// <summary>Why the last reconcile left replicas of a workload unplaced.</summary>
    private readonly Dictionary<string, FitSummary> _unplaced = new(StringComparer.Ordinal);

    /// <summary>Global workloads the last reconcile left off some node (filters or room).</summary>
    private readonly HashSet<string> _leftOut = new(StringComparer.Ordinal);

    private DateTimeOffset? _nextCheck;

    /// <summary>
    /// One pass of the node lifecycle: replaces replicas whose node has been Disconnected longer
    /// than their lostAfter, and moves drained nodes' replicas within maxUnavailable. Returns
    /// how many replicas were placed or ended.
    /// </summary>
    public int RunLifecycle()
    {
        var now = _time.GetUtcNow();
        int changes;
        long ticket;
        lock (_gate)
        {
            var draining = _nodes.Values.Where(n => n.Record.Draining).ToList();
            if (draining.Count == 0 && (_nextCheck is not { } due || due > now))
            {
                return 0;
            }

            var before = _pending.Count;
            foreach (var node in draining)
            {
                DrainStepLocked(node);
            }

            ReconcileAllLocked(now);
            changes = _pending.Count - before;
            FlushLocked();
            ticket = TicketLocked();
        }

        Commit(ticket);
        return changes;
    }

    /// <summary>
    /// A node's spec or condition changed: update the cache and reconcile what the node can
    /// change: global workloads on that node, the workloads with a replica there, and those
    /// still missing replicas. A hello costs that, not a pass over the whole fleet.
    /// </summary>
    private void NodeChangedLocked(NodeEntry entry)
    {
        var name = entry.Record.Id;
        var node = entry.ToPlacement(_startedAt);
        _cache.UpsertNode(node);
        var now = _time.GetUtcNow();
        var onNode = _cache.AssignmentsOn(name).Select(a => a.Workload).ToHashSet(StringComparer.Ordinal);
        foreach (var spec in _specs.Values.OrderByDescending(w => w.Priority).ThenBy(w => w.Name, StringComparer.Ordinal))
        {
            if (spec.Mode == PlacementMode.Global)
            {
                if (onNode.Contains(spec.Name) && !spec.MayRunOn(node))
                {
                    foreach (var a in _cache.AssignmentsOn(name).Where(a => a.Workload == spec.Name))
                    {
                        EndLocked(a, $"node {name} no longer matches the workload's selector, affinity or taint tolerations");
                    }
                }
                else if (_engine.PlaceGlobalOn(spec, name) is { } placed)
                {
                    RecordLocked(new WorkloadPlacement(spec.Name, [placed]));
                }

                if (!_cache.AssignmentsOn(name).Any(a => a.Workload == spec.Name))
                {
                    _leftOut.Add(spec.Name); // an apply that frees room here reconciles it
                }
            }
            else if (_unplaced.ContainsKey(spec.Name)
                || (onNode.Contains(spec.Name) && !HoldsItsOwnLocked(spec, node)))
            {
                ReconcileLocked(spec, now);
            }
        }

        FlushLocked();
    }

    /// <summary>
    /// A Ready node whose replica still fits it, of a workload with no more replicas than it
    /// asks for: nothing for a reconcile to end or place, so the node's hello skips a pass
    /// over the workload's replicas (1,000 nodes returning to a 10,000-replica workload).
    /// </summary>
    private bool HoldsItsOwnLocked(PlacementWorkload spec, PlacementNode node) =>
        node.Condition == NodeCondition.Ready && !node.Cordoned && spec.MayRunOn(node)
        && _cache.ReplicaCount(spec.Name) <= spec.Replicas;

    /// <summary>Every workload, higher priority first, so scarce room goes to what matters more.</summary>
    private void ReconcileAllLocked(DateTimeOffset now)
    {
        _nextCheck = null;
        foreach (var spec in _specs.Values.OrderByDescending(w => w.Priority).ThenBy(w => w.Name, StringComparer.Ordinal))
        {
            ReconcileLocked(spec, now);
        }
    }

    /// <summary>
    /// After one workload's spec or count changed: that workload, and the ones still short of
    /// replicas (or, global, of nodes), which room it freed may now take, higher priority first.
    /// Nothing else can change: a workload with all its replicas placed loses one only when its
    /// node stops matching (a node change, <see cref="NodeChangedLocked"/>) or is lost (time,
    /// <see cref="RunLifecycle"/>), and quota is checked on apply and scale alone. At 10,000
    /// nodes this is what keeps an apply from walking every other workload's replicas.
    /// </summary>
    private void ReconcileChangedLocked(string changed, DateTimeOffset now)
    {
        foreach (var spec in _specs.Values
            .Where(w => w.Name == changed || _unplaced.ContainsKey(w.Name) || _leftOut.Contains(w.Name) || HasMissingLocked(w.Name))
            .OrderByDescending(w => w.Priority).ThenBy(w => w.Name, StringComparer.Ordinal).ToList())
        {
            ReconcileLocked(spec, now);
        }
    }

    private void ReconcileUnguardedLocked(PlacementWorkload spec, DateTimeOffset now)
    {
        foreach (var a in _cache.AssignmentsOf(spec.Name))
        {
            if (_cache.GetNode(a.Node) is { } node && !spec.MayRunOn(node))
            {
                EndLocked(a, $"node {a.Node} no longer matches the workload's selector, affinity or taint tolerations");
            }
        }

        WorkloadPlacement placement;
        if (spec.Mode == PlacementMode.Global)
        {
            placement = _engine.Reconcile(spec);
            if (placement.NodesLeftOut is null)
            {
                _leftOut.Remove(spec.Name);
            }
            else
            {
                _leftOut.Add(spec.Name);
            }
        }
        else
        {
            var plan = NodeLifecycle.Plan(spec, _cache.AssignmentsOf(spec.Name), new CacheNodes(_cache), now);
            Events.Lost(plan, spec.LostAfter);
            foreach (var (replica, reason) in plan.ToEnd)
            {
                EndLocked(replica, reason);
            }

            if (plan.NextCheckAt is { } next && (_nextCheck is null || next < _nextCheck))
            {
                _nextCheck = next;
            }

            // Place(…, 0) would still refresh the workload's index; skip it when nothing is missing.
            placement = plan.ToPlace > 0 ? PlaceMissingLocked(spec, plan.ToPlace) : new WorkloadPlacement(spec.Name, []);
        }

        RecordLocked(placement);
    }

    private void RecordLocked(WorkloadPlacement placement)
    {
        FitSummary? unplaced = null;
        foreach (var r in placement.Replicas)
        {
            if (r.Node is { } node)
            {
                var id = AssignmentRecord.IdOf(r.Workload, r.Ordinal);
                _pending[id] = new AssignmentRecord { Id = id, Workload = r.Workload, Ordinal = r.Ordinal, Node = node };
                _touched.Add(node);
                _decisions[(r.Workload, r.Ordinal)] = r;
                LogReplicaPlaced(r.Workload, r.Ordinal, node, r.Score);
            }
            else
            {
                unplaced ??= r.Unplaced;
            }
        }

        Events.Placed(placement);
        if (unplaced is not null)
        {
            if (!_unplaced.TryGetValue(placement.Workload, out var before) || before.ToString() != unplaced.ToString())
            {
                LogReplicasUnplaced(placement.Workload, placement.UnplacedCount, unplaced.ToString());
                Events.Unplaced(placement.Workload, placement.UnplacedCount, unplaced.ToString());
            }

            _unplaced[placement.Workload] = unplaced;
        }
        else if (placement.Replicas.Count > 0 || !HasMissingLocked(placement.Workload))
        {
            _unplaced.Remove(placement.Workload);
        }
    }

    private bool HasMissingLocked(string workload) =>
        _specs.TryGetValue(workload, out var spec) && spec.Mode == PlacementMode.Replicated && _cache.ReplicaCount(workload) < spec.Replicas;

    private void EndLocked(ReplicaAssignment replica, string reason)
    {
        if (!_cache.Unassign(replica.Workload, replica.Ordinal))
        {
            return;
        }

        _pending[AssignmentRecord.IdOf(replica.Workload, replica.Ordinal)] = null;
        _touched.Add(replica.Node);
        _decisions.Remove((replica.Workload, replica.Ordinal));
        LogReplicaEnded(replica.Workload, replica.Ordinal, replica.Node, reason);
        Events.ReplicaEnded(replica.Workload, replica.Ordinal, replica.Node, reason);
    }

    /// <summary>
    /// Stages the batch of assignment changes and the new desired state of the nodes they
    /// touched; the caller commits them (store, then sessions) after releasing the lock.
    /// </summary>
    private void FlushLocked()
    {
        var assignments = _pending.Count;
        if (assignments > 0)
        {
            StageAssignmentsLocked(_pending);
            _pending.Clear();
        }

        var moved = 0;
        foreach (var name in _touched)
        {
            if (_nodes.TryGetValue(name, out var entry))
            {
                var before = entry.Record.DesiredVersion;
                moved += RecomputeLocked(entry).Version != before ? 1 : 0;
            }
        }

        _touched.Clear();
        if (moved > 0 || assignments > 0)
        {
            LogDesiredBatch(moved, assignments);
        }
    }

    /// <summary>
    /// One drain step: of the node's first wave (<see cref="NodeLifecycle.PlanDrain"/>), ends the
    /// replicas whose workload can lose one more without going above maxUnavailable, counting
    /// replicas not reported running (replacements still starting) as unavailable. The reconcile
    /// that follows places their replacements on other nodes. Global workloads stay (one per node).
    /// </summary>
    private void DrainStepLocked(NodeEntry entry)
    {
        var name = entry.Record.Id;
        var onNode = _cache.AssignmentsOn(name).Where(a => _specs[a.Workload].Mode == PlacementMode.Replicated).ToList();
        if (onNode.Count == 0)
        {
            entry.Record.Draining = false;
            StageNodeLocked(entry);
            _cache.UpsertNode(entry.ToPlacement(_startedAt));
            LogDrained(name);
            Events.Drained(name);
            return;
        }

        var workloads = onNode.Select(a => a.Workload).Distinct(StringComparer.Ordinal).ToList();
        var assignments = workloads.SelectMany(_cache.AssignmentsOf).ToList();
        var plan = NodeLifecycle.PlanDrain(name, assignments, workloads.ToDictionary(w => w, w => _specs[w], StringComparer.Ordinal), new CacheNodes(_cache));
        foreach (var replica in plan.Waves.Count > 0 ? plan.Waves[0] : [])
        {
            var spec = _specs[replica.Workload];
            var digest = _workloads[replica.Workload].ModuleDigest;
            var running = _cache.AssignmentsOf(replica.Workload).Count(a => _nodes.TryGetValue(a.Node, out var n) && n.Runs(a.Workload, digest));
            var unavailable = Math.Max(0, spec.Replicas - running);
            if (unavailable < spec.MaxUnavailable)
            {
                EndLocked(replica, $"node {name} is drained ({unavailable} of {spec.Replicas} replicas unavailable, maxUnavailable {spec.MaxUnavailable})");
            }
        }
    }
}
