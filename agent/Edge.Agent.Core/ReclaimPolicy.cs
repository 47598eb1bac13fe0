namespace Edge.Agent.Core;

/// <summary>
/// What happens to a persistent volume's data when its workload leaves the node (the manifest's
/// <c>volumes[].reclaimPolicy</c>), as a Kubernetes PersistentVolume's reclaim policy
/// (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#reclaiming).
/// </summary>
public enum ReclaimPolicy
{
    /// <summary>The directory and its files are removed.</summary>
    Delete,

    /// <summary>The directory stays on the node; a workload of the same name and tenant that comes back finds it.</summary>
    Retain,
}
