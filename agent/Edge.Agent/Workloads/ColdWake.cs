using Edge.Agent.Runtime;

namespace Edge.Agent.Workloads;

/// <summary>
/// A cold workload's first invocation goes to the controller as a status report at once
/// (on the Connect stream), not at the next telemetry tick: it scales the workload up from zero.
/// </summary>
internal static class ColdWake
{
    public static WorkloadSupervisor Wire(WorkloadSupervisor supervisor, WasmRuntime runtime)
    {
        runtime.Woken += _ => supervisor.NotifyStatusChanged();
        return supervisor;
    }
}
