namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of a workload.</summary>
internal sealed record WorkloadView(
    string Name,
    string ModuleDigest,
    IReadOnlyDictionary<string, string> NodeSelector,
    int NodesTargeted,
    int NodesRunning)
{
    public string Tenant { get; init; } = "default";

    /// <summary>"global" or "replicated".</summary>
    public string Mode { get; init; } = "global";

    public int ReplicasDesired { get; init; }

    public int ReplicasPlaced { get; init; }

    public int ReplicasRunning { get; init; }

    public long CpuMillicores { get; init; }

    public long MemoryBytes { get; init; }

    public int Priority { get; init; }

    /// <summary>"spread" or "binpack".</summary>
    public string Strategy { get; init; } = "spread";

    /// <summary>Why the controller left the workload out of placement; null when it has not.</summary>
    public string? Failure { get; init; }

    /// <summary>Replicas their nodes report Pending (starting, or a job backing off before a retry).</summary>
    public int ReplicasPending { get; init; }

    /// <summary>Replicas of a job that finished with exit code 0.</summary>
    public int ReplicasSucceeded { get; init; }

    public int ReplicasFailed { get; init; }

    /// <summary>"node: reason" of the most recent Failed replica; null when none failed.</summary>
    public string? LastFailure { get; init; }
}
