namespace Edge.Agent.Runtime;

/// <summary>Every run's result, handed to whoever keeps workloads' output (the agent's log rings).</summary>
public sealed partial class WasmRuntime
{
    /// <summary>
    /// Called on the invoking thread after each run of a workload (a job's run at start
    /// included) with the workload's name and the run's result. It must return at once: hand
    /// the result to another thread, never write it here.
    /// </summary>
    public Action<string, InvocationResult>? RunEnded { get; set; }
}
