namespace Edge.Scheduling.Autoscaling;

public enum ScalingPolicyType
{
    /// <summary>At most Value replicas added or removed per period.</summary>
    Pods,

    /// <summary>At most Value percent of the replicas at the period's start added or removed per period.</summary>
    Percent,
}
