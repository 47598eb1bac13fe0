namespace Edge.Ctl.Manifests;

/// <summary>A validated <c>kind: Tenant</c> document: a name and its quota (null = unlimited).</summary>
internal sealed record TenantManifest(string Name)
{
    public long? CpuMillis { get; init; }

    public long? MemoryBytes { get; init; }

    public int? Replicas { get; init; }

    public int? Workloads { get; init; }

    public long? StorageBytes { get; init; }

    /// <summary>Extended resources the tenant's replicas may hold in total, by name (requests.NAME); absent names are unlimited.</summary>
    public IReadOnlyDictionary<string, long> Extended { get; init; } = None;

    /// <summary>No extended quota: one shared instance, so tenants without one compare equal.</summary>
    public static IReadOnlyDictionary<string, long> None { get; } = new Dictionary<string, long>();
}
