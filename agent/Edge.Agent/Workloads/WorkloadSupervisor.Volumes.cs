using Edge.Agent.Core;

namespace Edge.Agent.Workloads;

/// <summary>Volumes: a workload that leaves the node's desired state has its data removed or kept by its policy.</summary>
internal sealed partial class WorkloadSupervisor
{
    /// <summary>
    /// After <paramref name="name"/> was stopped: when no desired workload has that name any more
    /// (deleted, or moved to another node), its volumes are reclaimed. A restart or an upgrade
    /// stops and starts the same name, and keeps them.
    /// </summary>
    private void ReclaimVolumesOfRemoved(string name)
    {
        if (_desired.Workloads.Any(w => w.Name == name))
        {
            return;
        }

        WorkloadSpec? spec;
        lock (_started)
        {
            _started.TryGetValue(name, out spec);
        }

        if (spec is { Volumes.Count: > 0 })
        {
            runtime.ReclaimVolumes(spec);
        }
    }
}
