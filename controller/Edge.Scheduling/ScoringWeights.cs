namespace Edge.Scheduling;

/// <summary>
/// How a node's score is made. Every part is an integer from 0 to 1000 (per mille) times its
/// weight; the score is their sum, so scores compare exactly. The weights are Kubernetes'
/// default scheduler plugin weights
/// (https://kubernetes.io/docs/reference/scheduling/config/#scheduling-plugins).
/// </summary>
public static class ScoringWeights
{
    /// <summary>Binpack: mean of CPU and memory allocated after placing, per mille. Spread: 1000 minus that.</summary>
    public const int Resources = 1;

    /// <summary>1000 − |CPU fraction − memory fraction| / 2, per mille: nodes used evenly across resources score higher.</summary>
    public const int BalancedAllocation = 1;

    /// <summary>Sum of the weights of the preferred affinity terms the node matches, over the sum of all their weights, per mille.</summary>
    public const int NodeAffinity = 2;

    /// <summary>1000 × (1 − untolerated PreferNoSchedule taints of the node / the most any candidate node has); 1000 when none has any.</summary>
    public const int TaintToleration = 3;

    /// <summary>For each ScheduleAnyway constraint: minus 1000 per replica the node's domain has above the least loaded domain.</summary>
    public const int TopologySpread = 2;

    /// <summary>
    /// Preferred workload affinity: the node's sum of term weight × replicas of the term's workloads
    /// in its domain, normalised over the nodes that pass the filters (lowest 0, highest 1000).
    /// </summary>
    public const int WorkloadAffinity = 2;

    public const int Scale = 1000;
}
