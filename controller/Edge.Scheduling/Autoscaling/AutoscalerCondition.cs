namespace Edge.Scheduling.Autoscaling;

/// <summary>One HPA condition with the Kubernetes reason names (ScaleDownStabilized, TooManyReplicas, …).</summary>
public sealed record AutoscalerCondition(ConditionType Type, bool Status, string Reason, string Message)
{
    public override string ToString() => $"{Type}={Status}: {Reason} ({Message})";
}
