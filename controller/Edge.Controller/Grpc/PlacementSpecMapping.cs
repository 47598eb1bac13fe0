using System.Globalization;
using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Scheduling;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>
/// A workload's placement fields, tenants and node taints: proto ↔ records, checked at the
/// admin API so any gRPC client (not only edgectl) gets a clear refusal naming the field.
/// </summary>
internal static class PlacementSpecMapping
{
    /// <summary>The placement record of an apply; throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public static WorkloadPlacementRecord ToPlacementRecord(this Proto.ApplyWorkloadRequest r)
    {
        if (r.Replicas < 0)
        {
            throw new ArgumentException($"replicas must be 0 or more, got {r.Replicas}");
        }

        var mode = r.Mode switch
        {
            Proto.WorkloadMode.Global => PlacementMode.Global,
            Proto.WorkloadMode.Replicated => PlacementMode.Replicated,
            Proto.WorkloadMode.Unspecified => r.Replicas > 0 ? PlacementMode.Replicated : PlacementMode.Global,
            _ => throw new ArgumentException($"mode {r.Mode} is not global or replicated"),
        };
        if (mode == PlacementMode.Global && r.Replicas > 0)
        {
            throw new ArgumentException("replicas does not apply to a global workload (one replica on every matching node)");
        }

        var tenant = r.Tenant.Length == 0 ? WorkloadPlacementRecord.DefaultTenant : r.Tenant;
        if (!Names.IsDnsLabel(tenant))
        {
            throw new ArgumentException($"tenant '{tenant}' is not a DNS label");
        }

        if (r.Requests is { } q && (q.CpuMillicores < 0 || q.MemoryBytes < 0))
        {
            throw new ArgumentException("requests must not be negative");
        }

        if (Edge.Agent.Core.ExtendedResourceRules.Problems(r.ExtendedRequests) is { Count: > 0 } extendedProblems)
        {
            throw new ArgumentException($"resources: {string.Join("; ", extendedProblems)}");
        }

        var lostAfter = r.LostAfter?.ToTimeSpan() ?? TimeSpan.Zero;
        if (lostAfter < TimeSpan.Zero)
        {
            throw new ArgumentException("lostAfter must be positive");
        }

        if (r.MaxUnavailable < 0)
        {
            throw new ArgumentException($"maxUnavailable must be 1 or more, got {r.MaxUnavailable}");
        }

        if (mode == PlacementMode.Global && (r.WorkloadAffinity.Count > 0 || r.PreferredWorkloadAffinity.Count > 0))
        {
            throw new ArgumentException("workloadAffinity does not apply to a global workload (one replica on every matching node)");
        }

        return new WorkloadPlacementRecord
        {
            Mode = mode,
            Replicas = r.Replicas,
            Tenant = tenant,
            CpuMillis = r.Requests?.CpuMillicores ?? 0,
            MemoryBytes = r.Requests?.MemoryBytes ?? 0,
            ExtendedRequests = r.ExtendedRequests.Where(kv => kv.Value > 0).ToDictionary(StringComparer.Ordinal),
            RequiredAffinity = [.. r.RequiredNodeAffinity.Select((t, i) => ToRecord(t, $"affinity.required[{i}]"))],
            PreferredAffinity = [.. r.PreferredNodeAffinity.Select((t, i) => ToRecord(t, $"affinity.preferred[{i}]"))],
            AntiAffinity = [.. r.AntiAffinity.Select((a, i) => ToRecord(a, $"antiAffinity[{i}]", tenant))],
            WorkloadAffinity = [.. r.WorkloadAffinity.Select((a, i) => ToRecord(a, $"workloadAffinity.required[{i}]", tenant, preferred: false))],
            PreferredWorkloadAffinity = [.. r.PreferredWorkloadAffinity.Select((a, i) => ToRecord(a, $"workloadAffinity.preferred[{i}]", tenant, preferred: true))],
            Tolerations = [.. r.Tolerations.Select((t, i) => ToRecord(t, $"tolerations[{i}]"))],
            TopologySpread = [.. r.TopologySpread.Select((s, i) => ToRecord(s, $"topologySpreadConstraints[{i}]"))],
            Priority = r.Priority,
            LostAfterMs = (long)lostAfter.TotalMilliseconds,
            Strategy = r.Strategy == Proto.ScoringStrategy.Binpack ? ScoringStrategy.Binpack : ScoringStrategy.Spread,
            MaxUnavailable = r.MaxUnavailable,
        };
    }

    public static Taint ToDomain(this Proto.NodeTaint taint, string path)
    {
        if (taint.Key.Length == 0)
        {
            throw new ArgumentException($"{path}.key must not be empty");
        }

        return new Taint(taint.Key, taint.Value, Effect(taint.Effect, $"{path}.effect") ?? throw new ArgumentException($"{path}.effect is required: NoSchedule, PreferNoSchedule or NoExecute"));
    }

    public static TenantRecord ToRecord(this Proto.ApplyTenantRequest r) => new()
    {
        Id = r.Name,
        CpuMillis = r.Quota is { HasCpuMillicores: true } ? r.Quota.CpuMillicores : null,
        MemoryBytes = r.Quota is { HasMemoryBytes: true } ? r.Quota.MemoryBytes : null,
        Replicas = r.Quota is { HasReplicas: true } ? r.Quota.Replicas : null,
        Workloads = r.Quota is { HasWorkloads: true } ? r.Quota.Workloads : null,
        StorageBytes = r.Quota is { HasStorageBytes: true } ? r.Quota.StorageBytes : null,
        Extended = r.Quota is null ? [] : new Dictionary<string, long>(r.Quota.Extended, StringComparer.Ordinal),
    };

    public static Proto.Tenant ToProto(this TenantView view)
    {
        var quota = new Proto.TenantQuota();
        if (view.Tenant.CpuMillis is { } cpu)
        {
            quota.CpuMillicores = cpu;
        }

        if (view.Tenant.MemoryBytes is { } memory)
        {
            quota.MemoryBytes = memory;
        }

        if (view.Tenant.Replicas is { } replicas)
        {
            quota.Replicas = replicas;
        }

        if (view.Tenant.Workloads is { } workloads)
        {
            quota.Workloads = workloads;
        }

        if (view.Tenant.StorageBytes is { } storage)
        {
            quota.StorageBytes = storage;
        }

        quota.Extended.Add(view.Tenant.Extended);
        return new Proto.Tenant
        {
            Name = view.Tenant.Id,
            Quota = quota,
            Used = view.Used.ToProto(),
            ReplicasUsed = view.Replicas,
            WorkloadsUsed = view.Workloads,
            Changed = view.Changed,
            StorageUsedBytes = view.StorageBytes,
        };
    }

    public static Proto.Resources ToProto(this ResourceAmount amount) => new() { CpuMillicores = amount.CpuMillis, MemoryBytes = amount.MemoryBytes };

    public static Proto.WorkloadMode ToProto(this PlacementMode mode) =>
        mode == PlacementMode.Global ? Proto.WorkloadMode.Global : Proto.WorkloadMode.Replicated;

    public static Proto.WorkloadExplanation ToProto(this WorkloadExplanation e)
    {
        var proto = new Proto.WorkloadExplanation { Name = e.Name, Mode = e.Mode.ToProto(), ReplicasDesired = e.ReplicasDesired, Fit = e.Fit, Cold = e.Cold, Woken = e.Woken, Failure = e.Failure };
        foreach (var r in e.Replicas)
        {
            var replica = new Proto.ReplicaExplanation { Ordinal = r.Ordinal, Node = r.Node ?? "", State = r.State, Score = r.Score, Reason = r.Reason, Phase = r.Phase, Attempts = r.Attempts };
            if (r.ExitCode is { } exitCode)
            {
                replica.ExitCode = exitCode;
            }

            replica.RunnersUp.Add(r.RunnersUp.Select(s => new Proto.NodeScore { Node = s.Node, Score = s.Score }));
            if (r.LostAt is { } lostAt)
            {
                replica.LostAt = Timestamp.FromDateTimeOffset(lostAt);
            }

            proto.Replicas.Add(replica);
        }

        return proto;
    }

    private static SelectorTermRecord ToRecord(Proto.NodeSelectorTerm term, string path) =>
        term.MatchExpressions.Count == 0
            ? throw new ArgumentException($"{path}.matchExpressions: a term without expressions matches no node; give at least one")
            : new() { MatchExpressions = [.. term.MatchExpressions.Select((e, i) => ToRecord(e, $"{path}.matchExpressions[{i}]"))] };

    private static PreferredTermRecord ToRecord(Proto.PreferredNodeTerm term, string path)
    {
        if (term.Weight is < 1 or > 100)
        {
            throw new ArgumentException($"{path}.weight must be 1 to 100, got {term.Weight}");
        }

        return new PreferredTermRecord { Weight = term.Weight, Term = ToRecord(term.Preference ?? new Proto.NodeSelectorTerm(), $"{path}.preference") };
    }

    private static SelectorRequirementRecord ToRecord(Proto.NodeSelectorRequirement e, string path)
    {
        if (e.Key.Length == 0)
        {
            throw new ArgumentException($"{path}.key must not be empty");
        }

        if (!System.Enum.TryParse<SelectorOperator>(e.Operator, ignoreCase: false, out var op) || !System.Enum.IsDefined(op))
        {
            throw new ArgumentException($"{path}.operator \"{e.Operator}\" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt");
        }

        var wanted = op switch
        {
            SelectorOperator.Exists or SelectorOperator.DoesNotExist => e.Values.Count == 0 ? null : "no values",
            SelectorOperator.Gt or SelectorOperator.Lt => e.Values.Count == 1 && long.TryParse(e.Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? null : "exactly one integer value",
            _ => e.Values.Count > 0 ? null : "at least one value",
        };
        if (wanted is not null)
        {
            throw new ArgumentException($"{path}: operator {op} takes {wanted}");
        }

        if (Names.SelectorProblem(e.Key, op, e.Values) is { } problem)
        {
            throw new ArgumentException($"{path}: {problem}");
        }

        return new SelectorRequirementRecord { Key = e.Key, Operator = op, Values = [.. e.Values] };
    }

    /// <summary>The term's workloads are names in the workload's own tenant: stored as their keys.</summary>
    private static AntiAffinityRecord ToRecord(Proto.AntiAffinityTerm a, string path, string tenant)
    {
        if (a.TopologyKey.Length == 0)
        {
            throw new ArgumentException($"{path}.topologyKey must not be empty");
        }

        if (a.Workloads.Count == 0 || a.Workloads.Any(w => !Names.IsDnsLabel(w)))
        {
            throw new ArgumentException($"{path}.workloads must name one or more workloads");
        }

        return new AntiAffinityRecord { Workloads = [.. a.Workloads.Select(w => WorkloadKeys.Of(tenant, w))], TopologyKey = a.TopologyKey };
    }

    /// <summary>As an anti-affinity term: names in the workload's own tenant, stored as their keys; a weight only when preferred.</summary>
    private static WorkloadAffinityRecord ToRecord(Proto.WorkloadAffinityTerm a, string path, string tenant, bool preferred)
    {
        if (Names.LabelKeyProblem(a.TopologyKey) is { } keyProblem)
        {
            throw new ArgumentException($"{path}.topologyKey: {keyProblem}");
        }

        if (a.Workloads.Count == 0 || a.Workloads.Any(w => !Names.IsDnsLabel(w)))
        {
            throw new ArgumentException($"{path}.workloads must name one or more workloads");
        }

        if (preferred ? a.Weight is < 1 or > 100 : a.Weight != 0)
        {
            throw new ArgumentException(preferred ? $"{path}.weight must be 1 to 100, got {a.Weight}" : $"{path}.weight applies only to a preferred term");
        }

        return new WorkloadAffinityRecord { Workloads = [.. a.Workloads.Select(w => WorkloadKeys.Of(tenant, w))], TopologyKey = a.TopologyKey, Weight = a.Weight };
    }

    private static TolerationRecord ToRecord(Proto.Toleration t, string path)
    {
        var op = t.Operator switch
        {
            "" or "Equal" => TolerationOperator.Equal,
            "Exists" => TolerationOperator.Exists,
            _ => throw new ArgumentException($"{path}.operator \"{t.Operator}\" is not Equal or Exists"),
        };
        if (op == TolerationOperator.Equal && t.Key.Length == 0)
        {
            throw new ArgumentException($"{path}: an empty key needs operator Exists (tolerate every taint)");
        }

        if (op == TolerationOperator.Exists && t.Value.Length > 0)
        {
            throw new ArgumentException($"{path}: operator Exists takes no value");
        }

        return new TolerationRecord { Key = t.Key, Operator = op, Value = t.Value, Effect = Effect(t.Effect, $"{path}.effect") };
    }

    private static SpreadRecord ToRecord(Proto.TopologySpread s, string path)
    {
        if (s.TopologyKey.Length == 0)
        {
            throw new ArgumentException($"{path}.topologyKey must not be empty");
        }

        if (s.MaxSkew < 1)
        {
            throw new ArgumentException($"{path}.maxSkew must be 1 or more, got {s.MaxSkew}");
        }

        var action = s.WhenUnsatisfiable switch
        {
            "" or "DoNotSchedule" => UnsatisfiableAction.DoNotSchedule,
            "ScheduleAnyway" => UnsatisfiableAction.ScheduleAnyway,
            _ => throw new ArgumentException($"{path}.whenUnsatisfiable \"{s.WhenUnsatisfiable}\" is not DoNotSchedule or ScheduleAnyway"),
        };
        if (s.MinDomains < 0 || (s.MinDomains > 1 && action == UnsatisfiableAction.ScheduleAnyway))
        {
            throw new ArgumentException($"{path}.minDomains must be 1 or more and only with whenUnsatisfiable DoNotSchedule, got {s.MinDomains}");
        }

        return new SpreadRecord
        {
            TopologyKey = s.TopologyKey, MaxSkew = s.MaxSkew, WhenUnsatisfiable = action, MinDomains = Math.Max(1, s.MinDomains),
            NodeAffinityPolicy = Policy(s.NodeAffinityPolicy, NodeInclusionPolicy.Honor, $"{path}.nodeAffinityPolicy").ToString(),
            NodeTaintsPolicy = Policy(s.NodeTaintsPolicy, NodeInclusionPolicy.Ignore, $"{path}.nodeTaintsPolicy").ToString(),
        };
    }

    private static NodeInclusionPolicy Policy(string text, NodeInclusionPolicy unset, string path) => text switch
    {
        "" => unset,
        "Honor" => NodeInclusionPolicy.Honor,
        "Ignore" => NodeInclusionPolicy.Ignore,
        _ => throw new ArgumentException($"{path} \"{text}\" is not Honor or Ignore"),
    };

    private static TaintEffect? Effect(string text, string path) => text switch
    {
        "" => null,
        "NoSchedule" => TaintEffect.NoSchedule,
        "PreferNoSchedule" => TaintEffect.PreferNoSchedule,
        "NoExecute" => TaintEffect.NoExecute,
        _ => throw new ArgumentException($"{path} \"{text}\" is not NoSchedule, PreferNoSchedule or NoExecute"),
    };
}
