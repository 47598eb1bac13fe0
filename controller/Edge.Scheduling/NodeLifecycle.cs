using System.Globalization;

namespace Edge.Scheduling;

/// <summary>
/// Node lifecycle decisions: replicas on a Disconnected node keep running there (node
/// autonomy) and count as running until the workload's lostAfter; after it they are replaced
/// elsewhere; when the node returns, the replicas above the desired count are ended in the same
/// reconcile, so two copies never run longer than one reconcile. A NoExecute taint the workload
/// does not tolerate evicts its replicas from the node. Drain moves replicas in waves
/// bounded by maxUnavailable; cordon is <see cref="PlacementNode.Cordoned"/> (no new replicas).
/// </summary>
public static class NodeLifecycle
{
    /// <summary>Classifies a Replicated workload's replicas at <paramref name="now"/> and says what to place and end.</summary>
    /// <param name="workload">The workload spec.</param>
    /// <param name="replicas">Its replicas as assigned now.</param>
    /// <param name="nodes">Known nodes by name; a replica on an unknown node is Lost.</param>
    /// <param name="now">The time of the decision (from the caller's TimeProvider).</param>
    public static LifecyclePlan Plan(
        PlacementWorkload workload, IReadOnlyList<ReplicaAssignment> replicas, IReadOnlyDictionary<string, PlacementNode> nodes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(nodes);
        var statuses = new List<ReplicaStatus>(replicas.Count);
        var toEnd = new List<(ReplicaAssignment, string)>();
        DateTimeOffset? next = null;
        foreach (var replica in replicas.OrderBy(r => r.Ordinal))
        {
            if (!nodes.TryGetValue(replica.Node, out var node))
            {
                statuses.Add(new ReplicaStatus(replica, ReplicaState.Lost, null));
            }
            else if (node.Taints.FirstOrDefault(t => t.Effect == TaintEffect.NoExecute && !PlacementRules.Tolerated(t, workload.Tolerations)) is { } taint)
            {
                statuses.Add(new ReplicaStatus(replica, ReplicaState.Evicted, null));
                toEnd.Add((replica, $"taint {taint}"));
            }
            else if (node.Condition == NodeCondition.Ready)
            {
                statuses.Add(new ReplicaStatus(replica, ReplicaState.Running, null));
            }
            else
            {
                var lostAt = node.ConditionSince + workload.LostAfter;
                var waiting = now < lostAt;
                statuses.Add(new ReplicaStatus(replica, waiting ? ReplicaState.Waiting : ReplicaState.Lost, lostAt));
                if (waiting && (next is null || lostAt < next))
                {
                    next = lostAt;
                }
            }
        }

        var alive = statuses.Where(s => s.State is ReplicaState.Running or ReplicaState.Waiting).ToList();
        var surplus = alive.Count - workload.Replicas;
        if (surplus > 0)
        {
            // Newest first, as a ReplicaSet scales down: after a node returns these are the
            // replacements made while it was away, so the returned copies keep running.
            foreach (var s in alive.Where(s => s.State == ReplicaState.Running).OrderByDescending(s => s.Replica.Ordinal).Take(surplus))
            {
                toEnd.Add((s.Replica, string.Create(CultureInfo.InvariantCulture, $"{alive.Count} running, {workload.Replicas} wanted")));
            }
        }

        return new LifecyclePlan
        {
            Workload = workload.Name,
            Replicas = statuses,
            ToPlace = Math.Max(0, workload.Replicas - alive.Count),
            ToEnd = toEnd,
            NextCheckAt = next,
        };
    }

    /// <summary>
    /// Waves to drain <paramref name="node"/>. A workload whose replicas elsewhere are already
    /// unavailable (on nodes not Ready) gets that much less of its budget per wave, but at least
    /// one replica per wave so a drain always ends.
    /// </summary>
    /// <param name="node">The node to drain (cordon it first so nothing new lands there).</param>
    /// <param name="assignments">Every replica of the fleet (or at least of the node's workloads).</param>
    /// <param name="workloads">Workload specs by name.</param>
    /// <param name="nodes">Node specs by name.</param>
    public static DrainPlan PlanDrain(
        string node,
        IReadOnlyList<ReplicaAssignment> assignments,
        IReadOnlyDictionary<string, PlacementWorkload> workloads,
        IReadOnlyDictionary<string, PlacementNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(nodes);
        var queues = new SortedDictionary<string, Queue<ReplicaAssignment>>(StringComparer.Ordinal);
        var budgets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in assignments.GroupBy(a => a.Workload))
        {
            var onNode = group.Where(a => a.Node == node).OrderBy(a => a.Ordinal).ToList();
            if (onNode.Count == 0)
            {
                continue;
            }

            var maxUnavailable = workloads.TryGetValue(group.Key, out var w) ? Math.Max(1, w.MaxUnavailable) : 1;
            var down = group.Count(a => a.Node != node && (!nodes.TryGetValue(a.Node, out var n) || n.Condition != NodeCondition.Ready));
            budgets[group.Key] = Math.Max(1, maxUnavailable - down);
            queues[group.Key] = new Queue<ReplicaAssignment>(onNode);
        }

        var waves = new List<IReadOnlyList<ReplicaAssignment>>();
        while (queues.Values.Any(q => q.Count > 0))
        {
            var wave = new List<ReplicaAssignment>();
            foreach (var (workload, queue) in queues)
            {
                for (var i = 0; i < budgets[workload] && queue.Count > 0; i++)
                {
                    wave.Add(queue.Dequeue());
                }
            }

            waves.Add(wave);
        }

        return new DrainPlan(node, waves);
    }
}
