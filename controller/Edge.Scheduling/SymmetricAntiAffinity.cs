namespace Edge.Scheduling;

/// <summary>
/// Every known workload's required anti-affinity, indexed by the workload each term names, so
/// placing a workload also honours the terms of others that name it (kube-scheduler's symmetry:
/// "a never with b" keeps b away from a). Each target has a version that moves when a term
/// naming it is added, changed or removed; an index built at an older version rebuilds.
/// </summary>
internal sealed class SymmetricAntiAffinity
{
    private readonly Dictionary<string, IReadOnlyList<WorkloadAntiAffinityTerm>> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Owner, string Key)>> _byTarget = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    /// <summary>Records (or replaces) the workload's terms; a no-op when they are the same.</summary>
    public void Declare(PlacementWorkload workload)
    {
        if (_terms.TryGetValue(workload.Name, out var old)
            && (ReferenceEquals(old, workload.AntiAffinity) || SameTerms(old, workload.AntiAffinity)))
        {
            return;
        }

        Forget(workload.Name);
        if (workload.AntiAffinity.Count == 0)
        {
            return;
        }

        _terms[workload.Name] = workload.AntiAffinity;
        foreach (var term in workload.AntiAffinity)
        {
            foreach (var target in term.Workloads)
            {
                if (!_byTarget.TryGetValue(target, out var list))
                {
                    list = [];
                    _byTarget[target] = list;
                }

                if (!list.Contains((workload.Name, term.TopologyKey)))
                {
                    list.Add((workload.Name, term.TopologyKey));
                }

                Bump(target);
            }
        }
    }

    /// <summary>Drops a deleted workload's terms.</summary>
    public void Forget(string owner)
    {
        if (!_terms.Remove(owner, out var old))
        {
            return;
        }

        foreach (var target in old.SelectMany(t => t.Workloads).Distinct(StringComparer.Ordinal))
        {
            if (_byTarget.TryGetValue(target, out var list) && list.RemoveAll(x => x.Owner == owner) > 0)
            {
                Bump(target);
            }
        }
    }

    /// <summary>The (workload, topology key) pairs whose required anti-affinity names <paramref name="target"/>.</summary>
    public IReadOnlyList<(string Owner, string Key)> Naming(string target) =>
        _byTarget.TryGetValue(target, out var list) ? list : [];

    public long VersionOf(string target) => _versions.GetValueOrDefault(target);

    private void Bump(string target) => _versions[target] = _versions.GetValueOrDefault(target) + 1;

    private static bool SameTerms(IReadOnlyList<WorkloadAntiAffinityTerm> a, IReadOnlyList<WorkloadAntiAffinityTerm> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].TopologyKey != b[i].TopologyKey || !a[i].Workloads.SequenceEqual(b[i].Workloads, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
