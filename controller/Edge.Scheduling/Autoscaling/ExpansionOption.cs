namespace Edge.Scheduling.Autoscaling;

/// <summary>What adding <see cref="Nodes"/> nodes to a group would do: replicas placed and what the new nodes would leave idle.</summary>
public sealed record ExpansionOption(NodeGroup Group, int Nodes, int Replicas, ResourceAmount Requested)
{
    /// <summary>Replicas placed per workload name.</summary>
    public IReadOnlyDictionary<string, int> PlacedByWorkload { get; init; } = new Dictionary<string, int>();

    /// <summary>Cluster Autoscaler's least-waste score: idle CPU fraction plus idle memory fraction of the new nodes.</summary>
    public double Waste
    {
        get
        {
            var capacity = Group.Template.Allocatable * Nodes;
            double cpu = capacity.CpuMillis <= 0 ? 0 : (capacity.CpuMillis - Requested.CpuMillis) / (double)capacity.CpuMillis;
            double memory = capacity.MemoryBytes <= 0 ? 0 : (capacity.MemoryBytes - Requested.MemoryBytes) / (double)capacity.MemoryBytes;
            return cpu + memory;
        }
    }

    public double CostPerReplica => Replicas == 0 ? double.PositiveInfinity : Group.Cost * Nodes / Replicas;
}
