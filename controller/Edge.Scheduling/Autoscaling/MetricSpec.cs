namespace Edge.Scheduling.Autoscaling;

/// <summary>One metric an autoscaler follows and its target, as autoscaling/v2 MetricSpec.</summary>
public sealed record MetricSpec
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";

    public required MetricSourceType Source { get; init; }

    /// <summary>"cpu" or "memory" for Resource; the metric's name otherwise.</summary>
    public required string Name { get; init; }

    public required MetricTargetType TargetType { get; init; }

    /// <summary>Percent for Utilization; millicores, bytes or the metric's unit otherwise.</summary>
    public required double Target { get; init; }

    public override string ToString() => Source switch
    {
        MetricSourceType.Resource when TargetType == MetricTargetType.Utilization => $"{Name} utilization (target {Target:0.##}%)",
        MetricSourceType.External when TargetType == MetricTargetType.Value => $"external {Name} (target {Target:0.##})",
        MetricSourceType.External => $"external {Name} (target {Target:0.##} per replica)",
        _ => $"{Name} per replica (target {Target:0.##})",
    };
}
