namespace Edge.Agent.Core;

public enum WorkloadPhase
{
    Pending,
    Running,
    Failed,
}
