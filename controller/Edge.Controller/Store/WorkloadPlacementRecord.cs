using System.Globalization;
using System.Text;
using Edge.Scheduling;

namespace Edge.Controller.Store;

/// <summary>
/// The placement part of a workload as applied. A record stored before placement existed
/// reads back with these defaults: global mode, no requests, the default tenant.
/// </summary>
public sealed class WorkloadPlacementRecord
{
    public const string DefaultTenant = "default";

    /// <summary>A copy whose scalars may be changed; the lists are shared (replaced, never changed).</summary>
    public WorkloadPlacementRecord Copy() => (WorkloadPlacementRecord)MemberwiseClone();

    public PlacementMode Mode { get; set; } = PlacementMode.Global;

    public int Replicas { get; set; }

    public string Tenant { get; set; } = DefaultTenant;

    public long CpuMillis { get; set; }

    public long MemoryBytes { get; set; }

    /// <summary>Extended resources one replica requests, whole devices by name.</summary>
    public Dictionary<string, long> ExtendedRequests { get; set; } = [];

    public List<SelectorTermRecord> RequiredAffinity { get; set; } = [];

    public List<PreferredTermRecord> PreferredAffinity { get; set; } = [];

    public List<AntiAffinityRecord> AntiAffinity { get; set; } = [];

    public List<WorkloadAffinityRecord> WorkloadAffinity { get; set; } = [];

    public List<WorkloadAffinityRecord> PreferredWorkloadAffinity { get; set; } = [];

    public List<TolerationRecord> Tolerations { get; set; } = [];

    public List<SpreadRecord> TopologySpread { get; set; } = [];

    public int Priority { get; set; }

    /// <summary>0 = the default (5 minutes).</summary>
    public long LostAfterMs { get; set; }

    public ScoringStrategy Strategy { get; set; } = ScoringStrategy.Spread;

    /// <summary>0 = 1.</summary>
    public int MaxUnavailable { get; set; }

    /// <summary>Every field as one canonical text, to tell a real change.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Mode} {Replicas} {Tenant} {CpuMillis} {MemoryBytes} {Priority} {LostAfterMs} {Strategy} {MaxUnavailable}\n");
        foreach (var (name, count) in ExtendedRequests.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"extended {name} {count}\n");
        }

        foreach (var t in RequiredAffinity)
        {
            text.Append("required ").Append(t).Append('\n');
        }

        foreach (var p in PreferredAffinity)
        {
            text.Append(CultureInfo.InvariantCulture, $"preferred {p.Weight} {p.Term}\n");
        }

        foreach (var a in AntiAffinity)
        {
            text.Append("anti ").Append(string.Join(",", a.Workloads)).Append(' ').Append(a.TopologyKey).Append('\n');
        }

        foreach (var a in WorkloadAffinity.Concat(PreferredWorkloadAffinity))
        {
            text.Append(CultureInfo.InvariantCulture, $"affinity {a.Weight} ").Append(string.Join(",", a.Workloads)).Append(' ').Append(a.TopologyKey).Append('\n');
        }

        foreach (var t in Tolerations)
        {
            text.Append(CultureInfo.InvariantCulture, $"toleration {t.Key} {t.Operator} {t.Value} {t.Effect}\n");
        }

        foreach (var s in TopologySpread)
        {
            text.Append(CultureInfo.InvariantCulture, $"spread {s.TopologyKey} {s.MaxSkew} {s.WhenUnsatisfiable} {s.ToConstraint().MinDomains} {s.ToConstraint().NodeAffinityPolicy} {s.ToConstraint().NodeTaintsPolicy}\n");
        }

        return text.ToString();
    }
}
