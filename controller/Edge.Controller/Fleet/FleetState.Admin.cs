using System.Runtime.InteropServices;
using Edge.Controller.Events;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>What admins change: workloads, tenants, node labels, taints, cordon, drain and delete.</summary>
internal sealed partial class FleetState
{
    /// <summary>
    /// Stores a workload (after its tenant's quota allows it), places its replicas and pushes
    /// the new desired state to every node it changes. A refusal changes nothing.
    /// </summary>
    public WorkloadApplyResult ApplyWorkload(WorkloadRecord workload)
    {
        var now = _time.GetUtcNow();
        WorkloadApplyResult result;
        long ticket;
        string? refused = null;
        lock (_gate)
        {
            var changed = !_workloads.TryGetValue(workload.Id, out var existing) || !existing.SameSpecAs(workload);
            if (changed)
            {
                var spec = workload.ToPlacement();
                CheckQuotaLocked(spec);
                workload.UpdatedAt = now;
                SetColdNodesLocked(workload, spec, existing);
                _workloads[workload.Id] = workload;
                var requestsChanged = !_specs.TryGetValue(workload.Id, out var before) || before.Requests != spec.Requests
                    || before.ExtendedRequests.Count != spec.ExtendedRequests.Count || before.ExtendedRequests.Any(kv => spec.ExtendedRequests.GetValueOrDefault(kv.Key) != kv.Value);
                _specs[workload.Id] = spec;
                foreach (var a in _cache.AssignmentsOf(workload.Id))
                {
                    if (requestsChanged)
                    {
                        _cache.Assign(a.Workload, a.Ordinal, a.Node, spec.Requests, spec.ExtendedRequests); // new requests, same node
                    }

                    _touched.Add(a.Node);
                }

                // Decide, then save: a spec whose placement fails is undone and refused, never stored.
                ReconcileChangedLocked(workload.Id, now);
                if (FailureLocked(workload.Id) is not null)
                {
                    refused = UndoFailedApplyLocked(workload, existing, before, now);
                }
                else
                {
                    _store.SaveWorkload(workload);
                    Revisions.Saved(workload, existing);
                    FlushLocked();
                }
            }

            var view = refused is null ? WorkloadViewLocked(_workloads[workload.Id]) : null;
            result = new WorkloadApplyResult(changed, view?.NodesTargeted ?? 0)
            {
                ReplicasDesired = view?.ReplicasDesired ?? 0,
                ReplicasPlaced = view?.ReplicasPlaced ?? 0,
                Unplaced = _unplaced.TryGetValue(workload.Id, out var why) ? why.ToString() : null,
            };
            ticket = TicketLocked();
        }

        Commit(ticket); // a refused apply commits what its undo put back, and other workloads' changes
        return refused is null ? result : throw new FleetException(FleetError.Invalid, refused);
    }

    /// <summary>Sets a replicated workload's replica count, within its tenant's quota.</summary>
    public WorkloadView ScaleWorkload(string name, int replicas)
    {
        if (Edge.Scheduling.Bounds.ManifestBounds.Replicas.Problem(replicas) is { } outOfBounds)
        {
            throw new FleetException(FleetError.Invalid, $"replicas {outOfBounds}");
        }

        var now = _time.GetUtcNow();
        WorkloadView view;
        long ticket;
        lock (_gate)
        {
            var workload = WorkloadLocked(name);
            if (workload.Placement.Mode == PlacementMode.Global)
            {
                throw new FleetException(FleetError.Precondition,
                    $"workload {name} is global (one replica on every matching node) and cannot be scaled; give it replicas in its manifest to make it replicated");
            }

            if (workload.Placement.Replicas != replicas)
            {
                var spec = _specs[name] with { Replicas = replicas };
                CheckQuotaLocked(spec);
                var before = new WorkloadRecord { ColdNodes = workload.ColdNodes };
                workload.Placement.Replicas = replicas;
                workload.UpdatedAt = now;
                SetColdNodesLocked(workload, spec, before);
                _store.SaveWorkload(workload);
                _specs[name] = spec;
                LogScaled(name, replicas);
                Events.Scaled(name, replicas);
                ReconcileChangedLocked(name, now);
                FlushLocked();
            }

            view = WorkloadViewLocked(workload);
            ticket = TicketLocked();
        }

        Commit(ticket);
        return view;
    }

    /// <summary>Deletes a workload and ends its replicas; returns how many were ended.</summary>
    public int DeleteWorkload(string name)
    {
        var now = _time.GetUtcNow();
        int ended;
        long ticket;
        lock (_gate)
        {
            WorkloadLocked(name);
            var replicas = _cache.AssignmentsOf(name);
            foreach (var a in replicas)
            {
                EndLocked(a, "workload deleted");
            }

            _engine.Forget(name);
            ForgetColdLocked(name);
            _workloads.Remove(name);
            _hashText.Remove(name);
            _specs.Remove(name);
            _unplaced.Remove(name);
            _leftOut.Remove(name);
            _store.DeleteWorkload(name);
            LogWorkloadDeleted(name, replicas.Count);
            Events.Deleted(name, replicas.Count);
            Revisions.Deleted(name);
            ReconcileChangedLocked(name, now); // the room it leaves may fit replicas that waited
            FlushLocked();
            ended = replicas.Count;
            ticket = TicketLocked();
        }

        Commit(ticket);
        return ended;
    }

    public IReadOnlyList<WorkloadView> ListWorkloads()
    {
        lock (_gate)
        {
            // One pass over the nodes for every workload's running nodes and replicas, not one pass per workload.
            var running = new Dictionary<(string Workload, string Digest), (int Nodes, int Replicas)>();
            var phases = new PhaseCounts();
            foreach (var node in _nodes.Values)
            {
                if (node.Condition != NodeCondition.Ready)
                {
                    continue;
                }

                var observed = node.Workloads;
                for (var i = 0; i < observed.Count; i++)
                {
                    var o = observed[i];
                    phases.Note(node.Record.Id, o);
                    if (!o.IsRunning || ReportedEarlier(observed, i))
                    {
                        continue;
                    }

                    ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(running, (o.Name, o.ModuleDigest), out _);
                    count = (count.Nodes + 1, count.Replicas + _cache.ReplicaCountOn(node.Record.Id, o.Name));
                }
            }

            return [.. _workloads.Values.OrderBy(w => w.Id, StringComparer.Ordinal).Select(w =>
                phases.AddTo(running.TryGetValue((w.Id, w.ModuleDigest), out var r) ? WorkloadViewLocked(w, r.Nodes, r.Replicas) : WorkloadViewLocked(w, 0, 0)))];
        }
    }

    /// <summary>Each replica's node, state, score and runners-up; for the unplaced ones the filter counts.</summary>
    public WorkloadExplanation ExplainWorkload(string name)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            WorkloadLocked(name);
            if (FailureLocked(name) is { } failure)
            {
                return FailedExplanationLocked(name, failure);
            }

            var spec = _specs[name];
            var fit = _engine.Explain(spec);
            var replicas = new List<ReplicaExplanation>();
            var assigned = _cache.AssignmentsOf(name);
            var statuses = spec.Mode == PlacementMode.Replicated
                ? NodeLifecycle.Plan(spec, assigned, new CacheNodes(_cache), now).Replicas.ToDictionary(s => s.Replica.Ordinal)
                : [];
            foreach (var a in assigned)
            {
                var status = statuses.GetValueOrDefault(a.Ordinal);
                var state = status?.State.ToString() ?? (_nodes[a.Node].Condition == NodeCondition.Ready ? nameof(ReplicaState.Running) : nameof(ReplicaState.Waiting));
                var scored = _decisions.TryGetValue((name, a.Ordinal), out var d);
                var (shown, reason) = ReplicaOnNodeLocked(name, a.Node, state, scored ? "" : "placed before the controller last started; scores are not kept");
                replicas.Add(WithPhaseLocked(name, a.Node, scored
                    ? new ReplicaExplanation(a.Ordinal, a.Node, shown, d!.Score, d.RunnersUp, reason, status?.LostAt)
                    : new ReplicaExplanation(a.Ordinal, a.Node, shown, 0, [], reason, status?.LostAt)));
            }

            var desired = DesiredLocked(spec);
            var alive = statuses.Count == 0 ? assigned.Count : statuses.Values.Count(s => s.State is ReplicaState.Running or ReplicaState.Waiting);
            for (var i = alive; i < desired; i++)
            {
                replicas.Add(new ReplicaExplanation(-1, null, "Unplaced", 0, [], (_unplaced.GetValueOrDefault(name) ?? fit).ToString(), null));
            }

            var (cold, woken) = ColdExplanationLocked(_workloads[name]);
            return new WorkloadExplanation(name, spec.Mode, desired, replicas, fit.ToString()) { Cold = cold, Woken = woken };
        }
    }

    public NodeView LabelNode(string name, IReadOnlyDictionary<string, string> set, IReadOnlyList<string> remove)
    {
        foreach (var key in set.Keys.Concat(remove))
        {
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                throw new FleetException(FleetError.Invalid, $"label key \"{key}\" must be non-empty and without spaces");
            }
        }

        if (set.Keys.Intersect(remove, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw new FleetException(FleetError.Invalid, $"label {both} is both set and removed");
        }

        return ChangeNode(name, record =>
        {
            foreach (var key in remove)
            {
                record.AdminLabels.Remove(key);
                if (record.Facts.Labels.ContainsKey(key) && !record.RemovedLabels.Contains(key))
                {
                    record.RemovedLabels.Add(key);
                }
            }

            foreach (var (key, value) in set)
            {
                record.AdminLabels[key] = value;
                record.RemovedLabels.Remove(key);
            }
        });
    }

    /// <param name="name">The node.</param>
    /// <param name="add">Taints to add; one with the same key and effect is replaced.</param>
    /// <param name="remove">"key" (every effect) or "key:Effect".</param>
    public NodeView TaintNode(string name, IReadOnlyList<Taint> add, IReadOnlyList<string> remove)
    {
        lock (_gate)
        {
            var record = NodeLocked(name).Record;
            foreach (var r in remove)
            {
                if (!record.Taints.Any(t => Matches(t, r)))
                {
                    throw new FleetException(FleetError.NotFound, $"node {name} has no taint {r}");
                }
            }
        }

        return ChangeNode(name, record =>
        {
            record.Taints.RemoveAll(t => remove.Any(r => Matches(t, r)));
            foreach (var taint in add)
            {
                record.Taints.RemoveAll(t => t.Key == taint.Key && t.Effect == taint.Effect);
                record.Taints.Add(new TaintRecord { Key = taint.Key, Value = taint.Value, Effect = taint.Effect });
            }
        });

        static bool Matches(TaintRecord t, string r) => r == t.Key || r == $"{t.Key}:{t.Effect}";
    }

    /// <summary>Cordon: no new replicas. Uncordon also ends a drain.</summary>
    public NodeView CordonNode(string name, bool cordoned) => ChangeNode(name, record =>
    {
        record.Cordoned = cordoned;
        record.Draining &= cordoned;
    });

    /// <summary>Cordons the node and starts moving its replicas away, maxUnavailable at a time.</summary>
    public NodeView DrainNode(string name)
    {
        var view = ChangeNode(name, record =>
        {
            record.Cordoned = true;
            record.Draining = true;
        });
        RunLifecycle();
        return GetNode(name) ?? view;
    }

    /// <summary>Forgets a node; its replicas are placed elsewhere. Returns how many moved.</summary>
    public int DeleteNode(string name)
    {
        NodeSession? session;
        int moved;
        long ticket;
        lock (_gate)
        {
            var entry = NodeLocked(name);
            var removed = _cache.RemoveNode(name);
            foreach (var a in removed)
            {
                _pending[AssignmentRecord.IdOf(a.Workload, a.Ordinal)] = null;
                _decisions.Remove((a.Workload, a.Ordinal));
            }

            _nodes.Remove(name);
            _live.TryRemove(name, out _);
            StageNodeDeleteLocked(name);
            session = entry.Session;
            moved = removed.Count(a => _specs[a.Workload].Mode == PlacementMode.Replicated);
            LogNodeDeleted(name, removed.Count);
            Events.NodeDeleted(name, removed.Count);
            ReconcileAllLocked(_time.GetUtcNow());
            FlushLocked();
            ticket = TicketLocked();
        }

        Commit(ticket);
        session?.Close($"node {name} was deleted by an admin");
        return moved;
    }

    public TenantView ApplyTenant(TenantRecord tenant)
    {
        foreach (var (quota, value) in new[] { ("cpu", tenant.CpuMillis), ("memory", tenant.MemoryBytes), ("replicas", tenant.Replicas), ("workloads", (long?)tenant.Workloads) })
        {
            if (value < 0)
            {
                throw new FleetException(FleetError.Invalid, $"tenant {tenant.Id}: quota {quota} must be 0 or more, got {value}");
            }
        }

        lock (_gate)
        {
            var changed = !_tenants.TryGetValue(tenant.Id, out var existing) || !existing.SameAs(tenant);
            if (changed)
            {
                _store.SaveTenant(tenant);
                _tenants[tenant.Id] = tenant;
            }

            return TenantViewLocked(tenant.Id) with { Changed = changed };
        }
    }

    public IReadOnlyList<TenantView> ListTenants()
    {
        lock (_gate)
        {
            return [.. _tenants.Keys.Concat(_specs.Values.Select(s => s.Tenant)).Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal).Select(TenantViewLocked)];
        }
    }

    private TenantView TenantViewLocked(string name)
    {
        var workloads = _specs.Values.Where(w => w.Tenant == name).ToList();
        ResourceAmount used = default;
        var replicas = 0;
        long storage = 0;
        foreach (var w in workloads)
        {
            var n = DesiredLocked(w);
            var active = Math.Max(0, n - FinishedReplicasLocked(w));
            replicas += active;
            used += w.Requests * active;
            storage += w.StorageBytes * n;
        }

        return new TenantView(_tenants.GetValueOrDefault(name) ?? new TenantRecord { Id = name }, used, replicas, workloads.Count) { StorageBytes = storage };
    }

    /// <summary>Refuses, changing nothing, a spec its tenant does not have or whose quota it would exceed.</summary>
    private void CheckQuotaLocked(PlacementWorkload proposed)
    {
        if (!_tenants.TryGetValue(proposed.Tenant, out var tenant) && proposed.Tenant != WorkloadPlacementRecord.DefaultTenant)
        {
            throw new FleetException(FleetError.NotFound, $"workload {proposed.Name}: tenant \"{proposed.Tenant}\" not found; apply a kind: Tenant manifest for it first");
        }

        var decision = QuotaCheck.Check(tenant?.ToQuota(), _specs.Values, proposed, DesiredLocked, FinishedReplicasLocked);
        if (!decision.Allowed)
        {
            LogQuotaRefused(proposed.Name, decision.ToString());
            Events.QuotaRefused(proposed.Name, decision.ToString());
            throw new FleetException(FleetError.QuotaExceeded, $"workload {proposed.Name} refused, {decision}");
        }
    }

    /// <summary>Replicas a workload wants: its count, or for a global one the nodes it targets.</summary>
    private int DesiredLocked(PlacementWorkload spec) =>
        spec.Mode == PlacementMode.Global ? _cache.Nodes.Count(spec.Targets) : spec.Replicas;

    private WorkloadView WorkloadViewLocked(WorkloadRecord w) =>
        WorkloadViewLocked(
            w,
            _nodes.Values.Count(n => n.Runs(w.Id, w.ModuleDigest)),
            _cache.ReplicaNodes(w.Id).Count(node => _nodes.TryGetValue(node, out var n) && n.Runs(w.Id, w.ModuleDigest)));

    /// <summary>The same running workload reported twice by one node counts once.</summary>
    private static bool ReportedEarlier(IReadOnlyList<ObservedWorkload> observed, int index)
    {
        var o = observed[index];
        for (var j = 0; j < index; j++)
        {
            var e = observed[j];
            if (e.IsRunning && e.Name == o.Name && e.ModuleDigest == o.ModuleDigest)
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="nodesRunning">The Ready nodes that report it Running with its module (<see cref="NodeEntry.Runs"/>).</param>
    /// <param name="replicasRunning">Its replicas on such nodes.</param>
    private WorkloadView WorkloadViewLocked(WorkloadRecord w, int nodesRunning, int replicasRunning)
    {
        var spec = _specs[w.Id];
        var placed = _cache.ReplicaCount(w.Id);
        var desired = DesiredLocked(spec);
        return new WorkloadView(
            w,
            spec.Mode == PlacementMode.Global ? desired : placed,
            nodesRunning)
        {
            ReplicasDesired = desired,
            ReplicasPlaced = placed,
            ReplicasRunning = replicasRunning,
            Failure = FailureLocked(w.Id),
        };
    }

    private WorkloadRecord WorkloadLocked(string name) =>
        _workloads.GetValueOrDefault(name) ?? throw new FleetException(FleetError.NotFound, $"workload {WorkloadKeys.Describe(name)} not found");

    private NodeEntry NodeLocked(string name) =>
        _nodes.GetValueOrDefault(name) ?? throw new FleetException(FleetError.NotFound, $"node \"{name}\" not found");

    /// <summary>Changes a node's admin settings, stores them, and re-places what the change affects.</summary>
    private NodeView ChangeNode(string name, Action<NodeRecord> change)
    {
        NodeView view;
        long ticket;
        lock (_gate)
        {
            var entry = NodeLocked(name);
            change(entry.Record);
            StageNodeLocked(entry);
            LogNodeChanged(name, entry.Record.AdminLabels.Count, entry.Record.Taints.Count, entry.Record.Cordoned, entry.Record.Draining);
            Events.NodeChanged(name, entry.Record.Cordoned, entry.Record.Draining, entry.Record.AdminLabels.Count, entry.Record.Taints.Count);
            NodeChangedLocked(entry);
            view = ViewLocked(entry);
            ticket = TicketLocked();
        }

        Commit(ticket);
        return view;
    }
}
