using Edge.Controller.Store;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Fleet;

/// <summary>What the node autoscaler reads of the fleet, and the nodes its simulated provider adds.</summary>
internal sealed partial class FleetState
{
    /// <summary>A copy of what the node autoscaler decides from; O(nodes + replicas) under the lock, nothing more.</summary>
    public NodeAutoscalingSnapshot SnapshotForNodeAutoscaling()
    {
        lock (_gate)
        {
            var pending = new List<PendingReplicas>();
            foreach (var name in _unplaced.Keys.Order(StringComparer.Ordinal))
            {
                // Global workloads want one replica per matching node: more nodes never help them
                // (Cluster Autoscaler ignores DaemonSet pods for scale-up the same way).
                if (_specs.TryGetValue(name, out var spec) && spec.Mode == PlacementMode.Replicated
                    && spec.Replicas - _cache.ReplicaCount(name) is > 0 and var missing)
                {
                    pending.Add(new PendingReplicas(spec, missing));
                }
            }

            return new NodeAutoscalingSnapshot
            {
                Nodes = [.. _cache.Nodes],
                Draining = _nodes.Values.Where(n => n.Record.Draining).Select(n => n.Record.Id).ToHashSet(StringComparer.Ordinal),
                Assignments = [.. _specs.Keys.SelectMany(_cache.AssignmentsOf)],
                Workloads = new Dictionary<string, PlacementWorkload>(_specs, StringComparer.Ordinal),
                Pending = pending,
            };
        }
    }

    /// <summary>Nodes carrying each value of <paramref name="label"/>: how many, and how many Ready.</summary>
    public IReadOnlyDictionary<string, (int Nodes, int Ready)> CountNodesByLabel(string label)
    {
        lock (_gate)
        {
            var counts = new Dictionary<string, (int Nodes, int Ready)>(StringComparer.Ordinal);
            foreach (var node in _cache.Nodes)
            {
                if (node.Labels.TryGetValue(label, out var value))
                {
                    var (nodes, ready) = counts.GetValueOrDefault(value);
                    counts[value] = (nodes + 1, ready + (node.Condition == NodeCondition.Ready ? 1 : 0));
                }
            }

            return counts;
        }
    }

    /// <summary>
    /// A node with no agent behind it, Ready at once and kept Ready (it never heartbeats, so its
    /// lease never runs out): what the simulated node-group provider brings up. Its replicas are
    /// placed but never run. False when a node of that name exists.
    /// </summary>
    public bool AddSimulatedNode(PlacementNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var now = _time.GetUtcNow();
        long ticket;
        lock (_gate)
        {
            if (_nodes.ContainsKey(node.Name))
            {
                return false;
            }

            var record = new NodeRecord
            {
                Id = node.Name,
                FirstSeen = now,
                Facts = new NodeFactsRecord
                {
                    Arch = "simulated",
                    Os = "simulated",
                    OsDescription = "simulated node-group provider",
                    CpuMillicores = (int)Math.Min(node.Allocatable.CpuMillis, int.MaxValue),
                    MemoryBytes = node.Allocatable.MemoryBytes,
                    Labels = node.Labels.Where(kv => kv.Key != PlacementNode.HostnameLabel).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                    AgentVersion = "simulated",
                    Hostname = node.Name,
                },
                Taints = [.. node.Taints.Select(t => new TaintRecord { Key = t.Key, Value = t.Value, Effect = t.Effect })],
            };
            var entry = new NodeEntry(record, now);
            _nodes[node.Name] = entry;
            StageNodeLocked(entry);
            LogNodeRegistered(node.Name, record.Facts.Arch, "simulated provider");
            SetCondition(entry, NodeCondition.Ready, now, "simulated node up");
            NodeChangedLocked(entry);
            ticket = TicketLocked();
        }

        // The node is stored, then the snapshots its arrival caused leave (outside the fleet lock).
        Commit(ticket);
        return true;
    }
}
