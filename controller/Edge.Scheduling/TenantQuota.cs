namespace Edge.Scheduling;

/// <summary>A tenant's limits, as a Kubernetes ResourceQuota; null means unlimited.</summary>
public sealed record TenantQuota
{
    public required string Tenant { get; init; }

    public long? CpuMillis { get; init; }

    public long? MemoryBytes { get; init; }

    public int? Replicas { get; init; }

    public int? Workloads { get; init; }

    /// <summary>Bytes of persistent volumes over every replica.</summary>
    public long? StorageBytes { get; init; }
    /// <summary>Extended resources the tenant's replicas may request in total, by name; a name not here is unlimited.</summary>
    public IReadOnlyDictionary<string, long> Extended { get; init; } = PlacementNode.Empty;
}
