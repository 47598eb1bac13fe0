namespace Edge.Scheduling;

/// <summary>What placement needs to know of a workload: the placement part of its manifest's spec.</summary>
public sealed record PlacementWorkload
{
    public required string Name { get; init; }

    public string Tenant { get; init; } = "default";

    public PlacementMode Mode { get; init; } = PlacementMode.Replicated;

    /// <summary>Desired replicas when <see cref="Mode"/> is Replicated.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>What one replica requests of a node.</summary>
    public ResourceAmount Requests { get; init; }

    /// <summary>Extended resources one replica requests (whole devices: request = limit, no overcommit); only a filter, never scored.</summary>
    public IReadOnlyDictionary<string, long> ExtendedRequests { get; init; } = PlacementNode.Empty;

    /// <summary>Labels a node must carry, all of them; empty matches every node.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    public NodeAffinity Affinity { get; init; } = new();

    public IReadOnlyList<WorkloadAntiAffinityTerm> AntiAffinity { get; init; } = [];

    /// <summary>Required workload affinity: every term must hold on the node.</summary>
    public IReadOnlyList<WorkloadAffinityTerm> WorkloadAffinity { get; init; } = [];

    /// <summary>Preferred workload affinity: scored, never a filter.</summary>
    public IReadOnlyList<WeightedWorkloadAffinityTerm> PreferredWorkloadAffinity { get; init; } = [];

    public IReadOnlyList<Toleration> Tolerations { get; init; } = [];

    public IReadOnlyList<TopologySpreadConstraint> TopologySpread { get; init; } = [];

    /// <summary>Higher places first when several workloads wait (no preemption).</summary>
    public int Priority { get; init; }

    /// <summary>How long a Disconnected node's replicas count as running before they are replaced.</summary>
    public TimeSpan LostAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many replicas a drain may take away at once.</summary>
    public int MaxUnavailable { get; init; } = 1;

    public ScoringStrategy Scoring { get; init; } = ScoringStrategy.Spread;

    /// <summary>Bytes of persistent volumes one replica asks for: counted by the tenant's storage quota, not by node fit.</summary>
    public long StorageBytes { get; init; }

    /// <summary>Total requests of <paramref name="replicas"/> replicas.</summary>
    public ResourceAmount RequestsFor(int replicas) => Requests * replicas;
}
