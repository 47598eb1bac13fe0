using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Fleet;

/// <summary>
/// What the node autoscaler reads of the fleet, copied under the fleet lock and read outside it:
/// every node as placement sees it, where each replica runs, the specs of the workloads with
/// replicas, and the replicas that fit nowhere now.
/// </summary>
internal sealed record NodeAutoscalingSnapshot
{
    public required IReadOnlyList<PlacementNode> Nodes { get; init; }

    /// <summary>Nodes whose replicas are being moved away (a drain, the admin's or the autoscaler's).</summary>
    public required IReadOnlySet<string> Draining { get; init; }

    public required IReadOnlyList<ReplicaAssignment> Assignments { get; init; }

    public required IReadOnlyDictionary<string, PlacementWorkload> Workloads { get; init; }

    public required IReadOnlyList<PendingReplicas> Pending { get; init; }

    /// <summary>
    /// A placement cache of the snapshot without the nodes <paramref name="exclude"/> names (nodes on
    /// their way out count for nothing, as Cluster Autoscaler treats nodes being deleted), for the
    /// pure decision to read while the fleet goes on.
    /// </summary>
    public ClusterCache ToCache(IReadOnlySet<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        var cache = new ClusterCache();
        foreach (var node in Nodes.Where(n => !exclude.Contains(n.Name)))
        {
            cache.UpsertNode(node);
        }

        foreach (var a in Assignments.Where(a => !exclude.Contains(a.Node)))
        {
            if (Workloads.TryGetValue(a.Workload, out var spec))
            {
                cache.Assign(a.Workload, a.Ordinal, a.Node, spec.Requests, spec.ExtendedRequests);
            }
        }

        return cache;
    }
}
