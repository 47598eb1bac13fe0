namespace Edge.Controller.Fleet;

/// <summary>A workload's status as its node last reported it.</summary>
internal sealed record ObservedWorkload(
    string Name,
    ObservedPhase Phase,
    string Message,
    string ModuleDigest,
    DateTimeOffset Since,
    long Invocations,
    long Failures);

internal enum ObservedPhase
{
    Unknown,
    Pending,
    Running,
    Failed,
}
