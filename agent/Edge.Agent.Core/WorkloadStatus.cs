namespace Edge.Agent.Core;

/// <summary>What the agent observes of one workload.</summary>
public sealed record WorkloadStatus
{
    public required string Name { get; init; }

    public required WorkloadPhase Phase { get; init; }

    /// <summary>Why the workload is Failed or Pending; empty when Running.</summary>
    public string Message { get; init; } = "";

    public required string ModuleDigest { get; init; }

    public required DateTimeOffset Since { get; init; }

    public long Invocations { get; init; }

    public long Failures { get; init; }

    /// <summary>Held cold (scaled to zero): compiled, nothing reserved, triggers armed.</summary>
    public bool Cold { get; init; }

    /// <summary>Cold and invoked since it went cold: the controller scales it up.</summary>
    public bool Woken { get; init; }

    /// <summary>Instances instantiated and idle, ready for an invocation.</summary>
    public int WarmInstances { get; init; }

    /// <summary>A job's exit code once a run of it ended with one; null otherwise.</summary>
    public int? ExitCode { get; init; }

    /// <summary>A job's runs so far (retries included); 0 for a workload that is not a job.</summary>
    public int Attempts { get; init; }
}
