namespace Edge.Scheduling.Autoscaling;

/// <summary>How fast a workload may scale, as autoscaling/v2 HPAScalingPolicy.</summary>
public sealed record ScalingPolicy(ScalingPolicyType Type, int Value, int PeriodSeconds)
{
    public override string ToString() => Type == ScalingPolicyType.Pods
        ? $"{Value} pods per {PeriodSeconds}s"
        : $"{Value}% per {PeriodSeconds}s";
}
