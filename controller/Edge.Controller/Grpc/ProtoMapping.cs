using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Controller.Grpc;

/// <summary>Proto ↔ controller types, in one place so generated types stay at the edge.</summary>
internal static class ProtoMapping
{
    public static NodeFactsRecord ToRecord(this NodeFacts facts) => new()
    {
        Arch = facts.Arch,
        Os = facts.Os,
        OsDescription = facts.OsDescription,
        CpuMillicores = facts.CpuMillicores,
        MemoryBytes = facts.MemoryBytes,
        Labels = new Dictionary<string, string>(facts.Labels, StringComparer.Ordinal),
        AgentVersion = facts.AgentVersion,
        K3sNodeName = facts.K3SNodeName,
        Hostname = facts.Hostname,
        MaxWorkloads = Math.Max(0, facts.MaxWorkloads),
        ExtendedResources = new Dictionary<string, long>(facts.ExtendedResources, StringComparer.Ordinal),
    };

    public static NodeFacts ToProto(this NodeFactsRecord facts, string name)
    {
        var proto = new NodeFacts
        {
            Name = name,
            Arch = facts.Arch,
            Os = facts.Os,
            OsDescription = facts.OsDescription,
            CpuMillicores = facts.CpuMillicores,
            MemoryBytes = facts.MemoryBytes,
            AgentVersion = facts.AgentVersion,
            K3SNodeName = facts.K3sNodeName,
            Hostname = facts.Hostname,
            MaxWorkloads = facts.MaxWorkloads,
        };
        proto.Labels.Add(facts.Labels);
        proto.ExtendedResources.Add(facts.ExtendedResources);
        return proto;
    }

    public static IReadOnlyList<ObservedWorkload> ToObserved(this IEnumerable<Protos.V1.WorkloadStatus> statuses) =>
        [.. statuses.Select(s => new ObservedWorkload(
            s.Name,
            s.Phase switch
            {
                WorkloadPhase.Pending => ObservedPhase.Pending,
                WorkloadPhase.Running => ObservedPhase.Running,
                WorkloadPhase.Failed => ObservedPhase.Failed,
                WorkloadPhase.Succeeded => ObservedPhase.Succeeded,
                _ => ObservedPhase.Unknown,
            },
            s.Message,
            s.ModuleDigest,
            s.Since?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch,
            s.Invocations,
            s.Failures) { Cold = s.Cold, Woken = s.Woken, ExitCode = s.HasExitCode ? s.ExitCode : null, Attempts = s.Attempts })];

    public static Protos.V1.WorkloadStatus ToProto(this ObservedWorkload w)
    {
        var proto = ToProtoWithoutExitCode(w);
        if (w.ExitCode is { } code)
        {
            proto.ExitCode = code;
        }

        return proto;
    }

    private static Protos.V1.WorkloadStatus ToProtoWithoutExitCode(ObservedWorkload w) => new()
    {
        Name = w.Name,
        Phase = w.Phase switch
        {
            ObservedPhase.Pending => WorkloadPhase.Pending,
            ObservedPhase.Running => WorkloadPhase.Running,
            ObservedPhase.Failed => WorkloadPhase.Failed,
            ObservedPhase.Succeeded => WorkloadPhase.Succeeded,
            _ => WorkloadPhase.Unspecified,
        },
        Message = w.Message,
        ModuleDigest = w.ModuleDigest,
        Since = Timestamp.FromDateTimeOffset(w.Since),
        Invocations = w.Invocations,
        Failures = w.Failures,
        Cold = w.Cold,
        Woken = w.Woken,
        Attempts = w.Attempts,
    };

    public static DesiredState ToProto(this DesiredSnapshot snapshot)
    {
        var proto = new DesiredState { Version = snapshot.Version };
        foreach (var w in snapshot.Workloads)
        {
            // The spec is built once per workload version and shared; a node holding it cold gets its own copy.
            var spec = WorkloadSpecCache.Of(w);
            if (snapshot.Cold.Contains(w.Id))
            {
                spec = spec.Clone();
                spec.Cold = true;
            }

            proto.Workloads.Add(spec);
        }

        return proto;
    }

    /// <summary>A workload's spec as agents get it; built once per stored record by <see cref="WorkloadSpecCache"/>.</summary>
    public static WorkloadSpec ToSpec(this WorkloadRecord w)
    {
        var spec = new WorkloadSpec
        {
            Name = w.Id,
            Module = new ModuleRef { Digest = w.ModuleDigest, SizeBytes = w.ModuleSizeBytes },
        };
        spec.Env.Add(w.Env);
        spec.Args.Add(w.Args);
        spec.AddRuntime(w);
        return spec;
    }

    public static Node ToProto(this NodeView view)
    {
        var node = new Node
        {
            Name = view.Name,
            Condition = view.Condition switch
            {
                Scheduling.NodeCondition.Ready => Protos.V1.NodeCondition.Ready,
                Scheduling.NodeCondition.Disconnected => Protos.V1.NodeCondition.Disconnected,
                _ => Protos.V1.NodeCondition.Unspecified,
            },
            Facts = view.Facts.ToProto(view.Name),
            ConditionSince = Timestamp.FromDateTimeOffset(view.ConditionSince),
            DesiredVersion = view.DesiredVersion,
            AppliedVersion = view.AppliedVersion,
        };
        if (view.LastHeartbeat is { } hb)
        {
            node.LastHeartbeat = Timestamp.FromDateTimeOffset(hb);
        }

        node.Workloads.Add(view.Workloads.Select(ToProto));
        node.Taints.Add(view.Taints.Select(t => new NodeTaint { Key = t.Key, Value = t.Value, Effect = t.Effect.ToString() }));
        node.Cordoned = view.Cordoned;
        node.Draining = view.Draining;
        node.Allocatable = new Resources { CpuMillicores = view.Facts.CpuMillicores, MemoryBytes = view.Facts.MemoryBytes };
        node.Requested = view.Requested.ToProto();
        node.ExtendedRequested.Add(view.ExtendedRequested);
        node.Replicas = view.Replicas;
        node.AddHealth(view);
        if (view.Telemetry is { } t)
        {
            node.Telemetry = new NodeTelemetry
            {
                Sequence = t.Sequence,
                SampledAt = Timestamp.FromDateTimeOffset(t.SampledAt),
                CpuUsageRatio = t.CpuUsageRatio,
                MemoryUsedBytes = t.MemoryUsedBytes,
                MemoryTotalBytes = t.MemoryTotalBytes,
                LoadAverage1M = t.LoadAverage1m,
                WorkloadsRunning = t.WorkloadsRunning,
            };
        }

        return node;
    }

    public static Workload ToProto(this WorkloadView view)
    {
        var proto = new Workload
        {
            Name = Scheduling.WorkloadKeys.NameOf(view.Workload.Id),
            ModuleDigest = view.Workload.ModuleDigest,
            NodesTargeted = view.NodesTargeted,
            NodesRunning = view.NodesRunning,
            Tenant = view.Workload.Placement.Tenant,
            Mode = view.Workload.Placement.Mode.ToProto(),
            ReplicasDesired = view.ReplicasDesired,
            ReplicasPlaced = view.ReplicasPlaced,
            ReplicasRunning = view.ReplicasRunning,
            Requests = new Resources { CpuMillicores = view.Workload.Placement.CpuMillis, MemoryBytes = view.Workload.Placement.MemoryBytes },
            Priority = view.Workload.Placement.Priority,
            Strategy = view.Workload.Placement.Strategy == Scheduling.ScoringStrategy.Binpack ? ScoringStrategy.Binpack : ScoringStrategy.Spread,
            Failure = view.Failure ?? "",
            ReplicasPending = view.ReplicasPending,
            ReplicasSucceeded = view.ReplicasSucceeded,
            ReplicasFailed = view.ReplicasFailed,
            LastFailure = view.LastFailure ?? "",
        };
        proto.NodeSelector.Add(view.Workload.NodeSelector);
        return proto;
    }
}
