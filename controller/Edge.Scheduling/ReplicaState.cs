namespace Edge.Scheduling;

public enum ReplicaState
{
    /// <summary>On a Ready node.</summary>
    Running,

    /// <summary>On a Disconnected node, still within the workload's lostAfter: counted as running, not replaced.</summary>
    Waiting,

    /// <summary>On a node Disconnected longer than lostAfter, or gone: replaced elsewhere.</summary>
    Lost,

    /// <summary>On a node with a NoExecute taint the workload does not tolerate: ended and replaced elsewhere.</summary>
    Evicted,
}
