namespace Edge.Scheduling;

/// <summary>
/// Global placement: every workload runs once on every node whose labels match
/// its node selector (as a Kubernetes DaemonSet with a nodeSelector).
/// </summary>
public static class SelectorPlacement
{
    public static PlacementDecision Place(IReadOnlyList<PlacementNode> nodes, IReadOnlyList<PlacementWorkload> workloads)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(workloads);
        var byNode = new Dictionary<string, IReadOnlyList<string>>(nodes.Count, StringComparer.Ordinal);
        var rejections = new List<PlacementRejection>();
        var ordered = workloads.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        foreach (var node in nodes)
        {
            var placed = new List<string>();
            foreach (var workload in ordered)
            {
                var mismatch = FirstMismatch(workload.NodeSelector, node.Labels);
                if (mismatch is null)
                {
                    placed.Add(workload.Name);
                }
                else
                {
                    rejections.Add(new PlacementRejection(workload.Name, node.Name, mismatch));
                }
            }

            byNode[node.Name] = placed;
        }

        return new PlacementDecision { WorkloadsByNode = byNode, Rejections = rejections };
    }

    /// <summary>The first selector term the labels fail, as a reason; null when all match.</summary>
    public static string? FirstMismatch(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, want) in selector.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!labels.TryGetValue(key, out var have))
            {
                return $"node has no label {key} (selector wants {key}={want})";
            }

            if (have != want)
            {
                return $"node label {key}={have}, selector wants {key}={want}";
            }
        }

        return null;
    }
}
