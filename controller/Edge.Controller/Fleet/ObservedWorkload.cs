namespace Edge.Controller.Fleet;

/// <summary>A workload's status as its node last reported it.</summary>
internal sealed record ObservedWorkload(
    string Name,
    ObservedPhase Phase,
    string Message,
    string ModuleDigest,
    DateTimeOffset Since,
    long Invocations,
    long Failures)
{
    /// <summary>Held cold by the agent (a workload scaled to zero).</summary>
    public bool Cold { get; init; }

    /// <summary>Cold and invoked since it went cold: asks the controller for a replica.</summary>
    public bool Woken { get; init; }

    /// <summary>A job's last exit code; null when none was reported.</summary>
    public int? ExitCode { get; init; }

    /// <summary>A job's runs so far, retries included.</summary>
    public int Attempts { get; init; }

    /// <summary>Running on the node, not held cold: what counts as a running replica.</summary>
    public bool IsRunning => Phase == ObservedPhase.Running && !Cold;
}

internal enum ObservedPhase
{
    Unknown,
    Pending,
    Running,
    Failed,
    Succeeded,
}
