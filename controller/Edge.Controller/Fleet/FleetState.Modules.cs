using System.Collections.Concurrent;

namespace Edge.Controller.Fleet;

internal sealed partial class FleetState
{
    private readonly ConcurrentDictionary<string, long> _modulesRefused = new(StringComparer.Ordinal);

    /// <summary>Module downloads refused per node because it was given no workload with that module (/metrics).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ModuleFetchesRefused() =>
        [.. _modulesRefused.OrderBy(p => p.Key, StringComparer.Ordinal)];

    /// <summary><see cref="NodeHoldsModule"/>, counting a refusal against the node.</summary>
    /// <param name="refused">The node's refusals so far, this one included (0 when allowed).</param>
    public bool MayFetchModule(string node, string digest, out long refused)
    {
        if (NodeHoldsModule(node, digest))
        {
            refused = 0;
            return true;
        }

        refused = _modulesRefused.AddOrUpdate(node, 1, (_, n) => n + 1);
        return false;
    }

    /// <summary>
    /// Whether the controller has given <paramref name="node"/> a workload with this module: a
    /// replica placed on it (running or on its way) or a workload it holds cold. What the node
    /// itself reports running does not count: a node could claim any digest to read any module.
    /// </summary>
    public bool NodeHoldsModule(string node, string digest)
    {
        lock (_gate)
        {
            if (!_nodes.ContainsKey(node))
            {
                return false;
            }

            foreach (var assignment in _cache.AssignmentsOn(node))
            {
                if (_workloads.TryGetValue(assignment.Workload, out var placed) && placed.ModuleDigest == digest)
                {
                    return true;
                }
            }

            return _coldOn.TryGetValue(node, out var cold)
                && cold.Any(name => _workloads.TryGetValue(name, out var w) && IsCold(w) && w.ModuleDigest == digest);
        }
    }
}
