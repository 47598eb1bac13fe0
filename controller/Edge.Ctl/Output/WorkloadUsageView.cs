namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of one row of <c>top workloads</c>; CPU and memory are null when no agent reports them.</summary>
internal sealed record WorkloadUsageView(
    string Name,
    string Node,
    int Nodes,
    double InvocationsPerSecond,
    double FailuresPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    int WarmInstances,
    int BusyInstances,
    int QueuedRequests,
    double? CpuMillicores,
    long? MemoryBytes,
    long? MemoryPeakBytes,
    int NodesMeasured)
{
    public string Tenant { get; init; } = "default";
}
