namespace Edge.Ctl.Output;

/// <summary>The JSON/YAML shape of <c>explain autoscaler</c>: the autoscaler and its decisions, newest first.</summary>
internal sealed record AutoscalerExplainView(AutoscalerView Autoscaler, IReadOnlyList<ScalingDecisionView> Decisions);
