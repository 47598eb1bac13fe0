namespace Edge.Scheduling;

/// <summary>What a node taint does to workloads that do not tolerate it (as Kubernetes taints).</summary>
public enum TaintEffect
{
    /// <summary>No new replica is placed on the node.</summary>
    NoSchedule,

    /// <summary>The node scores lower; placement still uses it when nothing better fits.</summary>
    PreferNoSchedule,

    /// <summary>No new replica is placed, and the controller moves existing ones away.</summary>
    NoExecute,
}
