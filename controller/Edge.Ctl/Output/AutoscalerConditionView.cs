namespace Edge.Ctl.Output;

/// <summary>An HPA condition (AbleToScale, ScalingActive, ScalingLimited) with its reason.</summary>
internal sealed record AutoscalerConditionView(string Type, bool Status, string Reason, string Message);
