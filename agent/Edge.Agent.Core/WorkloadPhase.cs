namespace Edge.Agent.Core;

public enum WorkloadPhase
{
    Pending,
    Running,
    Failed,

    /// <summary>A job whose run exited 0: finished, nothing more runs until its spec changes.</summary>
    Succeeded,
}
