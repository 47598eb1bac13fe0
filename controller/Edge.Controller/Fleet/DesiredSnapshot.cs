using Edge.Controller.Store;

namespace Edge.Controller.Fleet;

/// <summary>A node's whole desired state at one version, as sent on its stream.</summary>
internal sealed record DesiredSnapshot(long Version, IReadOnlyList<WorkloadRecord> Workloads)
{
    /// <summary>The workloads the node holds cold (scaled to zero), by name.</summary>
    public IReadOnlySet<string> Cold { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
