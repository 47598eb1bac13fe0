namespace Edge.Scheduling.Autoscaling;

/// <summary>HorizontalPodAutoscaler condition types.</summary>
public enum ConditionType
{
    AbleToScale,
    ScalingActive,
    ScalingLimited,
}
