using System.Text;
using System.Text.RegularExpressions;
using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Bounds;

/// <summary>
/// The upper (and lower) bound of every number in every manifest kind, and of the lists and
/// texts whose size a number would otherwise be: one table, read by edgectl's manifest parser
/// (errors at the field's line and column) and by the controller's admin API (InvalidArgument
/// naming the field), and printed in docs/workloads.md#limits. A value that passes here can be
/// stored, placed and explained without any step growing with the value itself. The runtime
/// fields (pool, limits, triggers) the agent checks too are bounded in Edge.Agent.Core's
/// WorkloadSpecRules, which both sides also run.
/// </summary>
public static partial class ManifestBounds
{
    public const string Workload = "Workload";
    public const string Tenant = "Tenant";
    public const string Autoscaler = "WorkloadAutoscaler";
    public const string NodeGroup = "NodeGroup";

    /// <summary>Largest replica count anywhere: a workload's, an autoscaler's, a tenant's per workload.</summary>
    public const int MaxReplicas = 100_000;

    private const long Ki = 1024;
    private const long Mi = 1024 * Ki;
    private const long Ti = 1024L * 1024 * Mi;

    public static readonly ManifestBound Replicas = new(Workload, "spec.replicas", 0, MaxReplicas, BoundUnit.Number);
    public static readonly ManifestBound Priority = new(Workload, "spec.priority", -1_000_000, 1_000_000, BoundUnit.Number);
    public static readonly ManifestBound MaxUnavailable = new(Workload, "spec.maxUnavailable", 1, MaxReplicas, BoundUnit.Number);
    public static readonly ManifestBound LostAfter = new(Workload, "spec.lostAfter", 1, 30L * 86_400_000, BoundUnit.Milliseconds);
    public static readonly ManifestBound CpuRequest = new(Workload, "spec.resources.cpu", 0, 1_000_000, BoundUnit.Millicores);
    public static readonly ManifestBound MemoryRequest = new(Workload, "spec.resources.memory", 0, 4 * Ti, BoundUnit.Bytes);
    public static readonly ManifestBound NodeSelectorEntries = new(Workload, "spec.nodeSelector", 0, 64, BoundUnit.Entries);
    public static readonly ManifestBound NodeSelectorKey = new(Workload, "spec.nodeSelector key", 1, 317, BoundUnit.TextBytes);
    public static readonly ManifestBound NodeSelectorValue = new(Workload, "spec.nodeSelector value", 0, 256, BoundUnit.TextBytes);
    public static readonly ManifestBound EnvEntries = new(Workload, "spec.env", 0, 256, BoundUnit.Entries);
    public static readonly ManifestBound EnvName = new(Workload, "spec.env name", 1, 256, BoundUnit.TextBytes);
    public static readonly ManifestBound EnvValue = new(Workload, "spec.env value", 0, 32 * Ki, BoundUnit.TextBytes);
    public static readonly ManifestBound ArgsEntries = new(Workload, "spec.args", 0, 256, BoundUnit.Entries);
    public static readonly ManifestBound Arg = new(Workload, "spec.args[]", 0, 32 * Ki, BoundUnit.TextBytes);
    public static readonly ManifestBound RequiredTerms = new(Workload, "spec.affinity.nodeAffinity.required", 0, 32, BoundUnit.Entries);
    public static readonly ManifestBound RequiredExpressions = new(Workload, "spec.affinity.nodeAffinity.required[].matchExpressions", 0, 32, BoundUnit.Entries);
    public static readonly ManifestBound RequiredValues = new(Workload, "spec.affinity.nodeAffinity.required[].matchExpressions[].values", 0, 256, BoundUnit.Entries);
    public static readonly ManifestBound PreferredTerms = new(Workload, "spec.affinity.nodeAffinity.preferred", 0, 32, BoundUnit.Entries);
    public static readonly ManifestBound PreferredWeight = new(Workload, "spec.affinity.nodeAffinity.preferred[].weight", 1, 100, BoundUnit.Number);
    public static readonly ManifestBound PreferredExpressions = new(Workload, "spec.affinity.nodeAffinity.preferred[].preference.matchExpressions", 0, 32, BoundUnit.Entries);
    public static readonly ManifestBound PreferredValues = new(Workload, "spec.affinity.nodeAffinity.preferred[].preference.matchExpressions[].values", 0, 256, BoundUnit.Entries);
    public static readonly ManifestBound AntiAffinityTerms = new(Workload, "spec.affinity.workloadAntiAffinity", 0, 16, BoundUnit.Entries);
    public static readonly ManifestBound AntiAffinityWorkloads = new(Workload, "spec.affinity.workloadAntiAffinity[].workloads", 0, 64, BoundUnit.Entries);
    public static readonly ManifestBound WorkloadAffinityTerms = new(Workload, "spec.affinity.workloadAffinity.required", 0, 16, BoundUnit.Entries);
    public static readonly ManifestBound WorkloadAffinityWorkloads = new(Workload, "spec.affinity.workloadAffinity.required[].workloads", 0, 64, BoundUnit.Entries);
    public static readonly ManifestBound PreferredWorkloadAffinityTerms = new(Workload, "spec.affinity.workloadAffinity.preferred", 0, 16, BoundUnit.Entries);
    public static readonly ManifestBound PreferredWorkloadAffinityWeight = new(Workload, "spec.affinity.workloadAffinity.preferred[].weight", 1, 100, BoundUnit.Number);
    public static readonly ManifestBound PreferredWorkloadAffinityWorkloads = new(Workload, "spec.affinity.workloadAffinity.preferred[].workloads", 0, 64, BoundUnit.Entries);
    public static readonly ManifestBound Tolerations = new(Workload, "spec.tolerations", 0, 64, BoundUnit.Entries);
    public static readonly ManifestBound SpreadConstraints = new(Workload, "spec.topologySpreadConstraints", 0, 16, BoundUnit.Entries);
    public static readonly ManifestBound MaxSkew = new(Workload, "spec.topologySpreadConstraints[].maxSkew", 1, MaxReplicas, BoundUnit.Number);
    public static readonly ManifestBound MinDomains = new(Workload, "spec.topologySpreadConstraints[].minDomains", 1, MaxReplicas, BoundUnit.Number);

    /// <summary>Workloads one tenant may have, with or without a quota: the ceiling under every quota.</summary>
    public static readonly ManifestBound WorkloadsPerTenant = new(Tenant, "workloads of a tenant", 0, 10_000, BoundUnit.Number);
    public static readonly ManifestBound QuotaCpu = new(Tenant, "spec.quota.cpu", 0, 1_000_000_000, BoundUnit.Millicores);
    public static readonly ManifestBound QuotaMemory = new(Tenant, "spec.quota.memory", 0, 1024 * Ti, BoundUnit.Bytes);
    public static readonly ManifestBound QuotaReplicas = new(Tenant, "spec.quota.replicas", 0, 10_000_000, BoundUnit.Number);
    public static readonly ManifestBound QuotaWorkloads = new(Tenant, "spec.quota.workloads", 0, 10_000, BoundUnit.Number);
    public static readonly ManifestBound QuotaStorage = new(Tenant, "spec.quota.storage", 0, 1024 * Ti, BoundUnit.Bytes);

    public static readonly ManifestBound AutoscalerMinReplicas = new(Autoscaler, "spec.minReplicas", 0, MaxReplicas, BoundUnit.Number);
    public static readonly ManifestBound AutoscalerMaxReplicas = new(Autoscaler, "spec.maxReplicas", 1, MaxReplicas, BoundUnit.Number);
    public static readonly ManifestBound AutoscalerMetrics = new(Autoscaler, "spec.metrics", 0, 16, BoundUnit.Entries);
    public static readonly ManifestBound MetricTarget = new(Autoscaler, "spec.metrics[].target", 0, 1_000_000_000_000_000, BoundUnit.Number);
    public static readonly ManifestBound StabilizationWindow = new(Autoscaler, "spec.behavior.*.stabilizationWindowSeconds", 0, 3600, BoundUnit.Number);
    public static readonly ManifestBound Policies = new(Autoscaler, "spec.behavior.*.policies", 0, 8, BoundUnit.Entries);
    public static readonly ManifestBound PolicyValue = new(Autoscaler, "spec.behavior.*.policies[].value", 1, MaxReplicas, BoundUnit.Number);
    public static readonly ManifestBound PolicyPeriod = new(Autoscaler, "spec.behavior.*.policies[].periodSeconds", 1, 1800, BoundUnit.Number);

    public static readonly ManifestBound GroupMin = new(NodeGroup, "spec.min", 0, NodeGroupRules.MaxNodes, BoundUnit.Number);
    public static readonly ManifestBound GroupMax = new(NodeGroup, "spec.max", 0, NodeGroupRules.MaxNodes, BoundUnit.Number);
    public static readonly ManifestBound GroupPriority = new(NodeGroup, "spec.priority", -1_000_000, 1_000_000, BoundUnit.Number);
    public static readonly ManifestBound GroupCost = new(NodeGroup, "spec.cost", 0, 1_000_000_000, BoundUnit.Number);
    public static readonly ManifestBound TemplateCpu = new(NodeGroup, "spec.template.cpu", 1, 1_000_000, BoundUnit.Millicores);
    public static readonly ManifestBound TemplateMemory = new(NodeGroup, "spec.template.memory", 1, 4 * Ti, BoundUnit.Bytes);
    public static readonly ManifestBound TemplateLabels = new(NodeGroup, "spec.template.labels", 0, 64, BoundUnit.Entries);
    public static readonly ManifestBound TemplateTaints = new(NodeGroup, "spec.template.taints", 0, 64, BoundUnit.Entries);

    /// <summary>A new node's maximum of workload replicas (its pods capacity); 0: no limit. The agent's Agent:MaxWorkloads range.</summary>
    public static readonly ManifestBound TemplateMaxWorkloads = new(NodeGroup, "spec.template.maxWorkloads", 0, 10_000, BoundUnit.Number);

    /// <summary>Every bound, in the order of the documented table.</summary>
    public static IReadOnlyList<ManifestBound> All { get; } =
    [
        Replicas, Priority, MaxUnavailable, LostAfter, CpuRequest, MemoryRequest,
        NodeSelectorEntries, NodeSelectorKey, NodeSelectorValue, EnvEntries, EnvName, EnvValue, ArgsEntries, Arg,
        RequiredTerms, RequiredExpressions, RequiredValues, PreferredTerms, PreferredWeight, PreferredExpressions, PreferredValues,
        AntiAffinityTerms, AntiAffinityWorkloads, WorkloadAffinityTerms, WorkloadAffinityWorkloads,
        PreferredWorkloadAffinityTerms, PreferredWorkloadAffinityWeight, PreferredWorkloadAffinityWorkloads, Tolerations, SpreadConstraints, MaxSkew, MinDomains,
        WorkloadsPerTenant, QuotaCpu, QuotaMemory, QuotaReplicas, QuotaWorkloads, QuotaStorage,
        AutoscalerMinReplicas, AutoscalerMaxReplicas, AutoscalerMetrics, MetricTarget, StabilizationWindow, Policies, PolicyValue, PolicyPeriod,
        GroupMin, GroupMax, GroupPriority, GroupCost, TemplateCpu, TemplateMemory, TemplateLabels, TemplateTaints, TemplateMaxWorkloads,
    ];

    /// <summary>The bound of a manifest path of a kind (indices in any form: [3] or []), or null when the field has none here.</summary>
    public static ManifestBound? Find(string kind, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var field = Index().Replace(path, "[]");
        return All.FirstOrDefault(b => b.Kind == kind && b.Field == field);
    }

    /// <summary>The problems of a workload's placement spec, env and args, each as (field, problem).</summary>
    public static IReadOnlyList<(string Field, string Problem)> CheckWorkload(
        PlacementWorkload spec, IReadOnlyDictionary<string, string>? env = null, IReadOnlyList<string>? args = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<(string, string)>();
        Number(Replicas, spec.Replicas);
        Number(Priority, spec.Priority);
        Number(MaxUnavailable, spec.MaxUnavailable);
        Number(LostAfter, (long)spec.LostAfter.TotalMilliseconds);
        Number(CpuRequest, spec.Requests.CpuMillis);
        Number(MemoryRequest, spec.Requests.MemoryBytes);
        Map(NodeSelectorEntries, NodeSelectorKey, NodeSelectorValue, spec.NodeSelector);
        Map(EnvEntries, EnvName, EnvValue, env);
        if (args is not null)
        {
            Number(ArgsEntries, args.Count);
            foreach (var arg in args)
            {
                Text(Arg, arg);
            }
        }

        Number(RequiredTerms, spec.Affinity.Required.Count);
        foreach (var term in spec.Affinity.Required)
        {
            Term(RequiredExpressions, RequiredValues, term);
        }

        Number(PreferredTerms, spec.Affinity.Preferred.Count);
        foreach (var term in spec.Affinity.Preferred)
        {
            Number(PreferredWeight, term.Weight);
            Term(PreferredExpressions, PreferredValues, term.Preference);
        }

        // A replicated workload's own term (its replicas on distinct hosts) is added by the controller, not written.
        var written = spec.AntiAffinity.Where(t => !(t.TopologyKey == PlacementNode.HostnameLabel && t.Workloads is [var self] && self == spec.Name)).ToList();
        Number(AntiAffinityTerms, written.Count);
        foreach (var term in written)
        {
            Number(AntiAffinityWorkloads, term.Workloads.Count);
        }

        Number(WorkloadAffinityTerms, spec.WorkloadAffinity.Count);
        foreach (var term in spec.WorkloadAffinity)
        {
            Number(WorkloadAffinityWorkloads, term.Workloads.Count);
        }

        Number(PreferredWorkloadAffinityTerms, spec.PreferredWorkloadAffinity.Count);
        foreach (var term in spec.PreferredWorkloadAffinity)
        {
            Number(PreferredWorkloadAffinityWeight, term.Weight);
            Number(PreferredWorkloadAffinityWorkloads, term.Term.Workloads.Count);
        }

        Number(Tolerations, spec.Tolerations.Count);
        Number(SpreadConstraints, spec.TopologySpread.Count);
        foreach (var spread in spec.TopologySpread)
        {
            Number(MaxSkew, spread.MaxSkew);
            Number(MinDomains, spread.MinDomains);
        }

        return problems.Distinct().ToList();

        void Number(ManifestBound bound, long value)
        {
            if (bound.Problem(value) is { } problem)
            {
                problems.Add((bound.Field, problem));
            }
        }

        void Text(ManifestBound bound, string text) => Number(bound, Encoding.UTF8.GetByteCount(text));

        void Map(ManifestBound entries, ManifestBound key, ManifestBound value, IReadOnlyDictionary<string, string>? map)
        {
            if (map is null)
            {
                return;
            }

            Number(entries, map.Count);
            foreach (var (k, v) in map)
            {
                Text(key, k);
                Text(value, v);
            }
        }

        void Term(ManifestBound expressions, ManifestBound values, NodeSelectorTerm term)
        {
            Number(expressions, term.MatchExpressions.Count);
            foreach (var e in term.MatchExpressions)
            {
                Number(values, e.Values.Count);
            }
        }
    }

    /// <summary>The problems of a tenant's quota, each as (field, problem).</summary>
    public static IReadOnlyList<(string Field, string Problem)> CheckQuota(TenantQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var problems = new List<(string, string)>();
        foreach (var (bound, value) in new[] { (QuotaCpu, quota.CpuMillis), (QuotaMemory, quota.MemoryBytes), (QuotaReplicas, (long?)quota.Replicas), (QuotaWorkloads, (long?)quota.Workloads), (QuotaStorage, quota.StorageBytes) })
        {
            if (value is { } v && bound.Problem(v) is { } problem)
            {
                problems.Add((bound.Field, problem));
            }
        }

        return problems;
    }

    [GeneratedRegex(@"\[\d*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Index();
}
