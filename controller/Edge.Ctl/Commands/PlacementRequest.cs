using Edge.Ctl.Manifests;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using S = Edge.Scheduling;

namespace Edge.Ctl.Commands;

/// <summary>A manifest's placement fields and tenants as admin API messages.</summary>
internal static class PlacementRequest
{
    public static void AddPlacement(this ApplyWorkloadRequest request, S.PlacementWorkload p)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(p);
        request.Mode = p.Mode == S.PlacementMode.Global ? WorkloadMode.Global : WorkloadMode.Replicated;
        request.Replicas = p.Mode == S.PlacementMode.Global ? 0 : p.Replicas;
        request.Tenant = p.Tenant;
        if (p.Requests != default)
        {
            request.Requests = new Resources { CpuMillicores = p.Requests.CpuMillis, MemoryBytes = p.Requests.MemoryBytes };
        }

        request.ExtendedRequests.Add(p.ExtendedRequests.ToDictionary(StringComparer.Ordinal));
        request.RequiredNodeAffinity.Add(p.Affinity.Required.Select(ToProto));
        request.PreferredNodeAffinity.Add(p.Affinity.Preferred.Select(t => new PreferredNodeTerm { Weight = t.Weight, Preference = ToProto(t.Preference) }));
        request.AntiAffinity.Add(p.AntiAffinity.Select(a => new AntiAffinityTerm { Workloads = { a.Workloads }, TopologyKey = a.TopologyKey }));
        request.WorkloadAffinity.Add(p.WorkloadAffinity.Select(a => new WorkloadAffinityTerm { Workloads = { a.Workloads }, TopologyKey = a.TopologyKey }));
        request.PreferredWorkloadAffinity.Add(p.PreferredWorkloadAffinity.Select(a => new WorkloadAffinityTerm { Workloads = { a.Term.Workloads }, TopologyKey = a.Term.TopologyKey, Weight = a.Weight }));
        request.Tolerations.Add(p.Tolerations.Select(t => new Toleration
        {
            Key = t.Key,
            Operator = t.Operator.ToString(),
            Value = t.Value,
            Effect = t.Effect?.ToString() ?? "",
        }));
        request.TopologySpread.Add(p.TopologySpread.Select(s => new TopologySpread
        {
            TopologyKey = s.TopologyKey,
            MaxSkew = s.MaxSkew,
            WhenUnsatisfiable = s.WhenUnsatisfiable.ToString(),
            MinDomains = s.MinDomains,
            NodeAffinityPolicy = s.NodeAffinityPolicy.ToString(),
            NodeTaintsPolicy = s.NodeTaintsPolicy.ToString(),
        }));
        request.Priority = p.Priority;
        request.LostAfter = Duration.FromTimeSpan(p.LostAfter);
        request.Strategy = p.Scoring == S.ScoringStrategy.Binpack ? ScoringStrategy.Binpack : ScoringStrategy.Spread;
        request.MaxUnavailable = p.MaxUnavailable;
    }

    public static ApplyTenantRequest ToRequest(TenantManifest tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var quota = new TenantQuota();
        if (tenant.CpuMillis is { } cpu)
        {
            quota.CpuMillicores = cpu;
        }

        if (tenant.MemoryBytes is { } memory)
        {
            quota.MemoryBytes = memory;
        }

        if (tenant.Replicas is { } replicas)
        {
            quota.Replicas = replicas;
        }

        if (tenant.Workloads is { } workloads)
        {
            quota.Workloads = workloads;
        }

        if (tenant.StorageBytes is { } storage)
        {
            quota.StorageBytes = storage;
        }

        quota.Extended.Add(tenant.Extended.ToDictionary(StringComparer.Ordinal));
        return new ApplyTenantRequest { Name = tenant.Name, Quota = quota };
    }

    private static NodeSelectorTerm ToProto(S.NodeSelectorTerm term)
    {
        var proto = new NodeSelectorTerm();
        proto.MatchExpressions.Add(term.MatchExpressions.Select(e => new NodeSelectorRequirement { Key = e.Key, Operator = e.Operator.ToString(), Values = { e.Values } }));
        return proto;
    }
}
