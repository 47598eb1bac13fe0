using System.Globalization;
using System.Text;

namespace Edge.Scheduling;

/// <summary>
/// Structural identity of the parts of specs placement depends on. Records compare their
/// dictionaries and lists by reference; the controller builds new instances from its records
/// on every call, so the cache and the engine compare these keys instead.
/// </summary>
internal static class SpecKey
{
    /// <summary>What a workload's index depends on: not replicas, priority, lostAfter or tenant, so a scale keeps the index.</summary>
    public static string Of(PlacementWorkload w)
    {
        var text = new StringBuilder();
        text.Append(w.Name).Append('|').Append(w.Scoring).Append('|')
            .Append(w.Requests.CpuMillis.ToString(CultureInfo.InvariantCulture)).Append('/')
            .Append(w.Requests.MemoryBytes.ToString(CultureInfo.InvariantCulture)).Append("|ext");
        foreach (var (k, v) in w.ExtendedRequests.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(' ').Append(k).Append('=').Append(v.ToString(CultureInfo.InvariantCulture));
        }

        text.Append("|sel");
        foreach (var (k, v) in w.NodeSelector.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append(' ').Append(k).Append('=').Append(v);
        }

        text.Append("|req");
        foreach (var term in w.Affinity.Required)
        {
            Term(text, term);
        }

        text.Append("|pref");
        foreach (var p in w.Affinity.Preferred)
        {
            text.Append(' ').Append(p.Weight.ToString(CultureInfo.InvariantCulture));
            Term(text, p.Preference);
        }

        text.Append("|anti");
        foreach (var a in w.AntiAffinity)
        {
            text.Append(" [").AppendJoin(',', a.Workloads).Append("]@").Append(a.TopologyKey);
        }

        text.Append("|aff");
        foreach (var a in w.WorkloadAffinity)
        {
            text.Append(" [").AppendJoin(',', a.Workloads).Append("]@").Append(a.TopologyKey);
        }

        text.Append("|paff");
        foreach (var p in w.PreferredWorkloadAffinity)
        {
            text.Append(' ').Append(p.Weight.ToString(CultureInfo.InvariantCulture)).Append(" [").AppendJoin(',', p.Term.Workloads).Append("]@").Append(p.Term.TopologyKey);
        }

        text.Append("|tol");
        foreach (var t in w.Tolerations)
        {
            text.Append(' ').Append(t.Key).Append(t.Operator).Append(t.Value).Append(':').Append(t.Effect?.ToString() ?? "*");
        }

        text.Append("|spread");
        foreach (var s in w.TopologySpread)
        {
            text.Append(' ').Append(s.TopologyKey).Append('/').Append(s.MaxSkew.ToString(CultureInfo.InvariantCulture)).Append('/').Append(s.WhenUnsatisfiable)
                .Append('/').Append(s.MinDomains.ToString(CultureInfo.InvariantCulture)).Append('/').Append(s.NodeAffinityPolicy).Append('/').Append(s.NodeTaintsPolicy);
        }

        return text.ToString();
    }

    public static bool SameNode(PlacementNode a, PlacementNode b)
    {
        if (a.Name != b.Name || a.Allocatable != b.Allocatable || a.MaxWorkloads != b.MaxWorkloads || a.Cordoned != b.Cordoned || a.Condition != b.Condition
            || a.ConditionSince != b.ConditionSince || a.Labels.Count != b.Labels.Count || !a.Taints.SequenceEqual(b.Taints)
            || a.ExtendedResources.Count != b.ExtendedResources.Count)
        {
            return false;
        }

        foreach (var (k, v) in a.ExtendedResources)
        {
            if (!b.ExtendedResources.TryGetValue(k, out var other) || other != v)
            {
                return false;
            }
        }

        foreach (var (k, v) in a.Labels)
        {
            if (!b.Labels.TryGetValue(k, out var other) || other != v)
            {
                return false;
            }
        }

        return true;
    }

    private static void Term(StringBuilder text, NodeSelectorTerm term)
    {
        text.Append(" (");
        foreach (var r in term.MatchExpressions)
        {
            text.Append(r.Key).Append(' ').Append(r.Operator).Append(" [").AppendJoin(',', r.Values).Append("];");
        }

        text.Append(')');
    }
}
