using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>Stored records → the snapshots Edge.Scheduling decides on.</summary>
internal static class PlacementSpecs
{
    public static readonly TimeSpan DefaultLostAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The workload as placement sees it. A replicated workload keeps its replicas on distinct
    /// nodes (an agent runs one copy of a workload, with its instance pool for concurrency), so
    /// it carries anti-affinity to itself on <see cref="PlacementNode.HostnameLabel"/>.
    /// </summary>
    public static PlacementWorkload ToPlacement(this WorkloadRecord workload)
    {
        var p = workload.Placement;
        var anti = p.AntiAffinity.Select(a => new WorkloadAntiAffinityTerm([.. a.Workloads], a.TopologyKey)).ToList();
        if (p.Mode == PlacementMode.Replicated)
        {
            anti.Add(new WorkloadAntiAffinityTerm([workload.Id], PlacementNode.HostnameLabel));
        }

        return new PlacementWorkload
        {
            Name = workload.Id,
            Tenant = p.Tenant,
            Mode = p.Mode,
            Replicas = p.Replicas,
            Requests = new ResourceAmount(p.CpuMillis, p.MemoryBytes),
            ExtendedRequests = p.ExtendedRequests,
            NodeSelector = new Dictionary<string, string>(workload.NodeSelector, StringComparer.Ordinal),
            Affinity = new NodeAffinity
            {
                Required = [.. p.RequiredAffinity.Select(ToTerm)],
                Preferred = [.. p.PreferredAffinity.Select(t => new PreferredSchedulingTerm(t.Weight, ToTerm(t.Term)))],
            },
            AntiAffinity = anti,
            WorkloadAffinity = [.. p.WorkloadAffinity.Select(a => new WorkloadAffinityTerm([.. a.Workloads], a.TopologyKey))],
            PreferredWorkloadAffinity = [.. p.PreferredWorkloadAffinity.Select(a => new WeightedWorkloadAffinityTerm(a.Weight, new WorkloadAffinityTerm([.. a.Workloads], a.TopologyKey)))],
            Tolerations = [.. p.Tolerations.Select(t => new Toleration { Key = t.Key, Operator = t.Operator, Value = t.Value, Effect = t.Effect })],
            TopologySpread = [.. p.TopologySpread.Select(s => s.ToConstraint())],
            Priority = p.Priority,
            LostAfter = p.LostAfterMs > 0 ? TimeSpan.FromMilliseconds(p.LostAfterMs) : DefaultLostAfter,
            MaxUnavailable = Math.Max(1, p.MaxUnavailable),
            Scoring = p.Strategy,
            StorageBytes = workload.Volumes.Where(v => v.Kind == Edge.Agent.Core.VolumeText.Persistent).Sum(v => v.SizeBytes),
        };
    }

    public static TenantQuota ToQuota(this TenantRecord tenant) => new()
    {
        Tenant = tenant.Id,
        CpuMillis = tenant.CpuMillis,
        MemoryBytes = tenant.MemoryBytes,
        Replicas = tenant.Replicas,
        Workloads = tenant.Workloads,
        StorageBytes = tenant.StorageBytes,
        Extended = tenant.Extended,
    };

    /// <summary>
    /// Whether the workload may keep a replica on the node: selector, required affinity and
    /// NoExecute taints hold during execution too, so a label change or a re-applied selector moves replicas.
    /// </summary>
    public static bool MayRunOn(this PlacementWorkload workload, PlacementNode node) =>
        Targets(workload, node)
        && node.Taints.All(t => t.Effect != TaintEffect.NoExecute || workload.Tolerations.Any(x => x.Tolerates(t)));

    /// <summary>Selector and required affinity: the nodes a global workload counts (for quota and "targeted").</summary>
    public static bool Targets(this PlacementWorkload workload, PlacementNode node) =>
        workload.NodeSelector.All(kv => node.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && workload.Affinity.RequiredMatches(node.Labels);

    private static NodeSelectorTerm ToTerm(SelectorTermRecord term) =>
        new([.. term.MatchExpressions.Select(r => new NodeSelectorRequirement(r.Key, r.Operator, [.. r.Values]))]);
}
