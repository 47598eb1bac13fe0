namespace Edge.Ctl.Manifests;

/// <summary>A validated <c>kind: Tenant</c> document: a name and its quota (null = unlimited).</summary>
internal sealed record TenantManifest(string Name)
{
    public long? CpuMillis { get; init; }

    public long? MemoryBytes { get; init; }

    public int? Replicas { get; init; }

    public int? Workloads { get; init; }

    public long? StorageBytes { get; init; }
}
