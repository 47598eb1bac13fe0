using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Maps admin API messages to edgectl's own view records, so output does not follow proto changes by accident.</summary>
internal static class ViewMapper
{
    public static NodeView ToView(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var facts = node.Facts ?? new NodeFacts();
        return new NodeView(
            Name: NameOf(node),
            Status: StatusOf(node.Condition),
            StatusSince: Units.Iso8601(node.ConditionSince),
            Arch: facts.Arch,
            Os: facts.Os,
            OsDescription: facts.OsDescription,
            Hostname: facts.Hostname,
            CpuMillicores: facts.CpuMillicores,
            MemoryBytes: facts.MemoryBytes,
            Labels: Sorted(facts.Labels),
            AgentVersion: facts.AgentVersion,
            K3sNodeName: facts.K3SNodeName,
            LastHeartbeat: Units.Iso8601(node.LastHeartbeat),
            DesiredVersion: node.DesiredVersion,
            AppliedVersion: node.AppliedVersion,
            Workloads: [.. node.Workloads.OrderBy(w => w.Name, StringComparer.Ordinal).Select(ToView)],
            Telemetry: node.Telemetry is null ? null : ToView(node.Telemetry))
        {
            Taints = [.. node.Taints.Select(TaintText)],
            Cordoned = node.Cordoned,
            Draining = node.Draining,
            Replicas = node.Replicas,
            MaxWorkloads = facts.MaxWorkloads,
            RequestedCpuMillicores = node.Requested?.CpuMillicores ?? 0,
            RequestedMemoryBytes = node.Requested?.MemoryBytes ?? 0,
            ExtendedResources = new SortedDictionary<string, long>(facts.ExtendedResources, StringComparer.Ordinal),
            ExtendedRequested = new SortedDictionary<string, long>(node.ExtendedRequested, StringComparer.Ordinal),
            Conditions = NodeHealthText.Conditions(node),
            Store = NodeHealthText.Store(node),
        };
    }

    public static NodeWorkloadView ToView(WorkloadStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new NodeWorkloadView(
            status.Name,
            PhaseOf(status.Phase),
            status.Message,
            status.ModuleDigest,
            Units.Iso8601(status.Since),
            status.Invocations,
            status.Failures);
    }

    public static NodeTelemetryView ToView(NodeTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        return new NodeTelemetryView(
            telemetry.Sequence,
            Units.Iso8601(telemetry.SampledAt),
            telemetry.CpuUsageRatio,
            telemetry.MemoryUsedBytes,
            telemetry.MemoryTotalBytes,
            telemetry.LoadAverage1M,
            telemetry.WorkloadsRunning);
    }

    public static WorkloadView ToView(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return new WorkloadView(
            workload.Name,
            workload.ModuleDigest,
            Sorted(workload.NodeSelector),
            workload.NodesTargeted,
            workload.NodesRunning)
        {
            Tenant = workload.Tenant.Length == 0 ? "default" : workload.Tenant,
            Mode = workload.Mode == WorkloadMode.Replicated ? "replicated" : "global",
            ReplicasDesired = workload.ReplicasDesired,
            ReplicasPlaced = workload.ReplicasPlaced,
            ReplicasRunning = workload.ReplicasRunning,
            CpuMillicores = workload.Requests?.CpuMillicores ?? 0,
            MemoryBytes = workload.Requests?.MemoryBytes ?? 0,
            Priority = workload.Priority,
            Strategy = workload.Strategy == ScoringStrategy.Binpack ? "binpack" : "spread",
            Failure = workload.Failure.Length == 0 ? null : workload.Failure,
            ReplicasPending = workload.ReplicasPending,
            ReplicasSucceeded = workload.ReplicasSucceeded,
            ReplicasFailed = workload.ReplicasFailed,
            LastFailure = workload.LastFailure.Length == 0 ? null : workload.LastFailure,
        };
    }

    public static string TaintText(NodeTaint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        return taint.Value.Length == 0 ? $"{taint.Key}:{taint.Effect}" : $"{taint.Key}={taint.Value}:{taint.Effect}";
    }

    public static string NameOf(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Name.Length > 0 ? node.Name : node.Facts?.Name ?? string.Empty;
    }

    public static NodeStatus StatusOf(NodeCondition condition) => condition switch
    {
        NodeCondition.Ready => NodeStatus.Ready,
        NodeCondition.Disconnected => NodeStatus.Disconnected,
        _ => NodeStatus.Unknown,
    };

    public static WorkloadPhaseName PhaseOf(WorkloadPhase phase) => phase switch
    {
        WorkloadPhase.Pending => WorkloadPhaseName.Pending,
        WorkloadPhase.Running => WorkloadPhaseName.Running,
        WorkloadPhase.Failed => WorkloadPhaseName.Failed,
        WorkloadPhase.Succeeded => WorkloadPhaseName.Succeeded,
        _ => WorkloadPhaseName.Unknown,
    };

    public static IReadOnlyDictionary<string, string> Sorted(IDictionary<string, string> map) =>
        new SortedDictionary<string, string>(map, StringComparer.Ordinal);
}
