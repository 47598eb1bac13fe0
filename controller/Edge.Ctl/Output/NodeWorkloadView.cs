namespace Edge.Ctl.Output;

/// <summary>One workload's status on a node, as reported by its agent.</summary>
internal sealed record NodeWorkloadView(
    string Name,
    WorkloadPhaseName Phase,
    string Message,
    string ModuleDigest,
    string? Since,
    long Invocations,
    long Failures);
