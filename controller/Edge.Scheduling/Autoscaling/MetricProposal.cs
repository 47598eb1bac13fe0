namespace Edge.Scheduling.Autoscaling;

/// <summary>What one metric proposes: a replica count from a usage ratio, or the problem that stopped it.</summary>
public sealed record MetricProposal(MetricSpec Metric, int? Replicas, double? Ratio, string Detail)
{
    public bool Valid => Replicas is not null;

    public override string ToString() => $"{Metric}: {Detail}";
}
