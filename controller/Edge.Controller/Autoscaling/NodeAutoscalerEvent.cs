namespace Edge.Controller.Autoscaling;

/// <summary>One thing the node autoscaler did or concluded, kept in its bounded history for explain.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">scale-up, scale-up-failed, node-registered, scale-down, delete-requested, node-deleted, removal-abandoned or note.</param>
/// <param name="Group">The node group, or empty for the fleet.</param>
/// <param name="Node">The node, or empty.</param>
/// <param name="Message">Why, in words.</param>
internal sealed record NodeAutoscalerEvent(DateTimeOffset At, string Kind, string Group, string Node, string Message);
