namespace Edge.Controller.Fleet;

/// <summary>Where a workload's output is: the nodes it is placed on and those that report it.</summary>
internal sealed partial class FleetState
{
    /// <summary>
    /// The nodes that hold output of workload <paramref name="key"/>, in name order; only
    /// <paramref name="node"/> when given. Throws NotFound for an unknown workload or node.
    /// </summary>
    public IReadOnlyList<LogSource> LogSources(string key, string node)
    {
        lock (_gate)
        {
            WorkloadLocked(key);
            var names = new SortedSet<string>(_cache.ReplicaNodes(key), StringComparer.Ordinal);
            foreach (var entry in _nodes.Values)
            {
                if (entry.Workloads.Any(w => w.Name == key))
                {
                    names.Add(entry.Record.Id);
                }
            }

            if (node.Length > 0)
            {
                NodeLocked(node);
                names = new SortedSet<string>([node], StringComparer.Ordinal);
            }

            return [.. names.Where(_nodes.ContainsKey).Select(n => new LogSource(n, _nodes[n].Session is not null, _nodes[n].LastHeartbeat))];
        }
    }
}
