namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of a tenant: quota (null = unlimited) and use.</summary>
internal sealed record TenantView(
    string Name,
    long? CpuQuotaMillicores,
    long? MemoryQuotaBytes,
    int? ReplicasQuota,
    int? WorkloadsQuota,
    long CpuUsedMillicores,
    long MemoryUsedBytes,
    int ReplicasUsed,
    int WorkloadsUsed)
{
    /// <summary>Persistent volume bytes allowed (null = unlimited) and asked for.</summary>
    public long? StorageQuotaBytes { get; init; }

    public long StorageUsedBytes { get; init; }
    /// <summary>Extended resources the tenant's replicas may request in total (requests.NAME), by name; absent = unlimited.</summary>
    public IReadOnlyDictionary<string, long> ExtendedQuota { get; init; } = new Dictionary<string, long>();
}
