using Edge.Controller.Store;

namespace Edge.Controller.Fleet;

/// <summary>A workload with its replica counts, for the admin API.</summary>
internal sealed record WorkloadView(WorkloadRecord Workload, int NodesTargeted, int NodesRunning)
{
    /// <summary>Replicas wanted: the spec's count, or for a global workload the nodes it targets.</summary>
    public int ReplicasDesired { get; init; }

    public int ReplicasPlaced { get; init; }

    /// <summary>Replicas whose node reports them running the current module.</summary>
    public int ReplicasRunning { get; init; }

    /// <summary>Why the workload failed and is left out of placement; null when it has not.</summary>
    public string? Failure { get; init; }

    /// <summary>Replicas their Ready nodes report Pending (starting, or a job backing off).</summary>
    public int ReplicasPending { get; init; }

    /// <summary>Replicas of a job that finished with exit code 0.</summary>
    public int ReplicasSucceeded { get; init; }

    public int ReplicasFailed { get; init; }

    /// <summary>"node: reason" of the most recent Failed replica; null when none failed.</summary>
    public string? LastFailure { get; init; }
}
