using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Store;

/// <summary>One Pods or Percent policy of a stored autoscaler.</summary>
public sealed class ScalingPolicyRecord
{
    public ScalingPolicyType Type { get; set; }

    public int Value { get; set; }

    public int PeriodSeconds { get; set; }
}
