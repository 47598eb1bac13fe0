namespace Edge.Controller.Store;

/// <summary>A tenant and its quota; a null limit is unlimited.</summary>
public sealed class TenantRecord
{
    /// <summary>The tenant name (the document id).</summary>
    public string Id { get; set; } = "";

    public long? CpuMillis { get; set; }

    public long? MemoryBytes { get; set; }

    public int? Replicas { get; set; }

    public int? Workloads { get; set; }

    /// <summary>Bytes of persistent volumes over every replica; null = unlimited.</summary>
    public long? StorageBytes { get; set; }

    /// <summary>Extended resources the tenant's replicas may request in total, by name; absent names are unlimited.</summary>
    public Dictionary<string, long> Extended { get; set; } = [];

    public bool SameAs(TenantRecord other) =>
        CpuMillis == other.CpuMillis && MemoryBytes == other.MemoryBytes && Replicas == other.Replicas && Workloads == other.Workloads
        && StorageBytes == other.StorageBytes
        && Extended.Count == other.Extended.Count && Extended.All(kv => other.Extended.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
