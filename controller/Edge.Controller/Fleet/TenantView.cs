using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>A tenant, its quota and what its workloads use of it.</summary>
internal sealed record TenantView(TenantRecord Tenant, ResourceAmount Used, int Replicas, int Workloads)
{
    public bool Changed { get; init; }

    /// <summary>Bytes of persistent volumes its workloads ask for, over every replica.</summary>
    public long StorageBytes { get; init; }
}
