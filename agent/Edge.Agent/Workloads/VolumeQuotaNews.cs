using Edge.Agent.Runtime;

namespace Edge.Agent.Workloads;

/// <summary>
/// A workload whose volume went over its size is Failed from that run on: the controller hears it
/// at once (a status report on the Connect stream), so <c>edgectl get workloads</c> shows the reason.
/// </summary>
internal static class VolumeQuotaNews
{
    public static WorkloadSupervisor Wire(WorkloadSupervisor supervisor, WasmRuntime runtime)
    {
        runtime.VolumeQuotaReached += _ => supervisor.NotifyStatusChanged();
        return supervisor;
    }
}
