using Edge.Agent.Runtime;

namespace Edge.Agent.Workloads;

/// <summary>
/// A cold workload's first invocation goes to the controller as a status report at once
/// (on the Connect stream), not at the next telemetry tick: it scales the workload up from zero.
/// So does a workload whose volume went over its size (Failed from that run on), so that
/// <c>edgectl get workloads</c> shows the reason.
/// </summary>
internal static class ColdWake
{
    public static WorkloadSupervisor Wire(WorkloadSupervisor supervisor, WasmRuntime runtime)
    {
        runtime.Woken += _ => supervisor.NotifyStatusChanged();
        runtime.VolumeQuotaReached += _ => supervisor.NotifyStatusChanged();
        return supervisor;
    }
}
