using Edge.Agent.Core;
using Edge.Agent.Runtime.Volumes;

namespace Edge.Agent.Runtime;

/// <summary>Volumes: their data removed (or kept) when a workload leaves the node, and news of a quota reached.</summary>
public sealed partial class WasmRuntime
{
    /// <summary>Raised, on the invocation's path, the first time a workload's runs are refused for a volume over its size.</summary>
    public event Action<string>? VolumeQuotaReached;

    /// <summary>
    /// The workload has left this node (deleted, or moved elsewhere): scratch volumes and persistent
    /// ones with reclaimPolicy Delete are removed; Retain keeps its data for a workload of the same name.
    /// </summary>
    public void ReclaimVolumes(WorkloadSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Volumes.Count > 0 && _options.VolumesDirectory is { Length: > 0 } root)
        {
            WorkloadVolumes.Reclaim(spec, root);
            var what = string.Join(", ", spec.Volumes.Select(v => $"{v.Name}: {(v.Kind == VolumeKind.Persistent && v.ReclaimPolicy == ReclaimPolicy.Retain ? "retained" : "removed")}"));
            LogVolumesReclaimed(_logger, spec.Name, what);
        }
    }

    private void NoteQuotaReached(string name, InstancePool pool)
    {
        if (pool.Volumes?.TakeRefusalNews() == true)
        {
            LogVolumeQuotaReached(_logger, name, pool.Volumes.Refusal ?? "");
            VolumeQuotaReached?.Invoke(name);
        }
    }
}
