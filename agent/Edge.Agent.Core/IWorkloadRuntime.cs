namespace Edge.Agent.Core;

/// <summary>The port to whatever runs workloads (Wasmtime in Edge.Agent.Runtime).</summary>
public interface IWorkloadRuntime
{
    /// <summary>
    /// Starts <paramref name="spec"/> from the module file at <paramref name="modulePath"/>.
    /// Never throws for a bad module: the returned status is Failed with the reason.
    /// Starting a workload that is already running replaces it.
    /// </summary>
    Task<WorkloadStatus> StartAsync(WorkloadSpec spec, string modulePath, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a spec that differs from the running one only as <see cref="WorkloadSpec.ChangesInPlaceTo"/>
    /// allows, without a restart; false when the runtime cannot (the caller restarts the workload).
    /// </summary>
    Task<bool> UpdateAsync(WorkloadSpec spec, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Stops and forgets a workload; stopping an unknown workload does nothing.</summary>
    Task StopAsync(string name, CancellationToken cancellationToken);

    /// <summary>The current status of every workload the runtime knows.</summary>
    IReadOnlyList<WorkloadStatus> Snapshot();

    /// <summary>The workload left the node: its volumes' data goes or stays by their policy (none to do by default).</summary>
    void ReclaimVolumes(WorkloadSpec spec)
    {
    }

    /// <summary>Drops cached compiled modules that no digest in <paramref name="digestsInUse"/> names; returns how many.</summary>
    int CollectUnused(IReadOnlySet<string> digestsInUse) => 0;
}
