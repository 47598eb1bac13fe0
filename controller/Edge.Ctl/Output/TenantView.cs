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
}
