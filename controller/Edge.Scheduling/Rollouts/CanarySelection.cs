namespace Edge.Scheduling.Rollouts;

/// <summary>
/// The canary cohort: <paramref name="size"/> of the workload's nodes, chosen so that it is
/// representative: round-robin across the values of the spread label (zones, hardware
/// revisions), each value's nodes taken in name order, Ready nodes before those that are not
/// (a canary on a node that cannot report tells nothing). Deterministic: the same fleet gives
/// the same canary, so a controller restart picks the same one.
/// </summary>
public static class CanarySelection
{
    /// <param name="nodes">The nodes the workload runs on.</param>
    /// <param name="size">The canary's size.</param>
    /// <param name="spreadKey">The label to spread across (e.g. topology.kubernetes.io/zone); null or empty = by name alone. Nodes without it form one group of their own.</param>
    public static IReadOnlyList<string> Select(IReadOnlyList<RolloutNode> nodes, CohortSize size, string? spreadKey)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var want = size.Of(nodes.Count);
        var groups = nodes
            .GroupBy(n => string.IsNullOrEmpty(spreadKey) ? "" : n.Labels.GetValueOrDefault(spreadKey) ?? "\uffff")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<RolloutNode>(g.OrderBy(n => n.Ready ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal)))
            .ToList();

        // Ready nodes of every group first, then the rest, so a group with only offline nodes does not take a Ready node's turn.
        var chosen = new List<string>(want);
        foreach (var readyPass in new[] { true, false })
        {
            var progress = true;
            while (chosen.Count < want && progress)
            {
                progress = false;
                foreach (var g in groups)
                {
                    if (chosen.Count < want && g.Count > 0 && g.Peek().Ready == readyPass)
                    {
                        chosen.Add(g.Dequeue().Name);
                        progress = true;
                    }
                }
            }
        }

        return chosen;
    }
}
