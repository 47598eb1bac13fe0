namespace Edge.Scheduling.Autoscaling;

/// <summary>What the target of a metric means, as autoscaling/v2 MetricTarget.type.</summary>
public enum MetricTargetType
{
    /// <summary>Percent of the replica's reservation (Resource metrics only).</summary>
    Utilization,

    /// <summary>The value per replica: a Pods metric's mean, or an External total divided by replicas.</summary>
    AverageValue,

    /// <summary>The value itself (External metrics only).</summary>
    Value,
}
