namespace Edge.Benchmarks;

/// <summary>
/// In-process stand-ins for agents: each receives its replica assignments and reports them
/// Running, as an agent's status stream would, into the status table the controller reads.
/// </summary>
internal sealed class SimulatedAgents
{
    private readonly Dictionary<string, HashSet<(string Workload, int Ordinal)>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);

    public void Start(string node, string workload, int ordinal)
    {
        if (!_byNode.TryGetValue(node, out var replicas))
        {
            replicas = [];
            _byNode[node] = replicas;
        }

        if (replicas.Add((workload, ordinal)))
        {
            _running[workload] = _running.GetValueOrDefault(workload) + 1;
        }
    }

    public int Running(string workload) => _running.GetValueOrDefault(workload);

    public void Clear()
    {
        _byNode.Clear();
        _running.Clear();
    }
}
