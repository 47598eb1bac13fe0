namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// How many nodes of a group's template the pending replicas need, after Cluster Autoscaler's
/// binpacking estimator: each replica that passes placement's own static filters on the template
/// goes first-fit onto the new nodes, largest first, a new node opened when none has room, up to
/// the group's room. Room counts CPU, memory, the template's extended resources (devices) and its
/// maximum of workloads. Replicas with anti-affinity take a new node each.
/// </summary>
public static class ScaleUpEstimator
{
    /// <returns>The option, or null with the reason the group cannot help any replica.</returns>
    public static (ExpansionOption? Option, string? Why) Estimate(NodeGroup group, IReadOnlyList<PendingReplicas> pending, int room)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(pending);
        if (room <= 0)
        {
            return (null, $"at its maximum size {group.MaxSize}");
        }

        var template = group.NewNode(group.Name + "-template");
        var capacity = template.Allocatable;
        string? firstRejection = null;
        var fitting = new List<PlacementWorkload>();
        foreach (var p in pending)
        {
            var reason = PlacementRules.StaticFilter(template, p.Workload)
                ?? PlacementRules.ResourceFilter(capacity, default, p.Workload.Requests);
            if (reason is null)
            {
                fitting.AddRange(Enumerable.Repeat(p.Workload, p.Count));
            }
            else
            {
                firstRejection ??= $"{p.Workload.Name}: {reason} on the template";
            }
        }

        if (fitting.Count == 0)
        {
            return (null, firstRejection ?? "nothing pending");
        }

        var nodes = new List<(ResourceAmount Used, HashSet<string> Workloads, Dictionary<string, long> Extended)>();
        var counts = new List<int>();
        var placed = 0;
        var byWorkload = new Dictionary<string, int>(StringComparer.Ordinal);
        ResourceAmount requested = default;
        foreach (var w in fitting.OrderByDescending(w => Share(w.Requests, capacity)).ThenBy(w => w.Name, StringComparer.Ordinal))
        {
            var exclusive = w.AntiAffinity.Count > 0;
            var index = -1;
            for (var i = 0; i < nodes.Count && index < 0; i++)
            {
                var n = nodes[i];
                if (PlacementRules.ResourceFilter(capacity, n.Used, w.Requests) is null && !(exclusive && n.Workloads.Contains(w.Name))
                    && PlacementRules.CountFilter(template, counts[i]) is null
                    && PlacementRules.ExtendedFilter(template.ExtendedResources, n.Extended, w.ExtendedRequests) is null)
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                if (nodes.Count >= room)
                {
                    continue;
                }

                nodes.Add((default, new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, long>(StringComparer.Ordinal)));
                counts.Add(0);
                index = nodes.Count - 1;
            }

            nodes[index] = (nodes[index].Used + w.Requests, nodes[index].Workloads, nodes[index].Extended);
            counts[index]++;
            foreach (var (name, count) in w.ExtendedRequests)
            {
                nodes[index].Extended[name] = nodes[index].Extended.GetValueOrDefault(name) + count;
            }

            nodes[index].Workloads.Add(w.Name);
            requested += w.Requests;
            placed++;
            byWorkload[w.Name] = byWorkload.GetValueOrDefault(w.Name) + 1;
        }

        return (new ExpansionOption(group, nodes.Count, placed, requested) { PlacedByWorkload = byWorkload }, null);
    }

    private static double Share(ResourceAmount request, ResourceAmount capacity) =>
        (capacity.CpuMillis <= 0 ? 0 : (double)request.CpuMillis / capacity.CpuMillis)
        + (capacity.MemoryBytes <= 0 ? 0 : (double)request.MemoryBytes / capacity.MemoryBytes);
}
