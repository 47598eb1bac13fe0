namespace Edge.Scheduling.Autoscaling;

/// <summary>Where a metric comes from, as autoscaling/v2 MetricSpec.type.</summary>
public enum MetricSourceType
{
    /// <summary>CPU or memory use of each replica, against its reservation (requests).</summary>
    Resource,

    /// <summary>A per-replica metric (invocations/s, in-flight requests, any custom metric), averaged over replicas.</summary>
    Pods,

    /// <summary>One value for the whole workload (queue length, a broker topic's backlog).</summary>
    External,
}
