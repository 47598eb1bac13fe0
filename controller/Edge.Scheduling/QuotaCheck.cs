namespace Edge.Scheduling;

/// <summary>
/// Checks an apply or a scale against the tenant's quota: the tenant's other workloads plus
/// the new spec must stay within every limit. Global workloads count one replica per node
/// they target, passed in by the caller.
/// </summary>
public static class QuotaCheck
{
    /// <param name="quota">The tenant's quota; null means no quota.</param>
    /// <param name="existing">Every workload of the tenant as stored now (a previous version of <paramref name="proposed"/> included).</param>
    /// <param name="proposed">The workload as it would be after the change.</param>
    /// <param name="replicasOf">Replica count a workload would have: its Replicas, or the targeted node count for Global.</param>
    public static QuotaDecision Check(
        TenantQuota? quota, IEnumerable<PlacementWorkload> existing, PlacementWorkload proposed, Func<PlacementWorkload, int>? replicasOf = null)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(proposed);
        replicasOf ??= w => w.Replicas;
        var workloads = existing.Where(w => w.Tenant == proposed.Tenant && w.Name != proposed.Name).Append(proposed).ToList();
        var ceiling = Bounds.ManifestBounds.WorkloadsPerTenant.Max;
        if (workloads.Count > ceiling)
        {
            // Every tenant, with or without a quota, stops at the documented ceiling.
            return new QuotaDecision(proposed.Tenant, [new QuotaRefusal("workloads", ceiling, workloads.Count)]);
        }

        if (quota is null)
        {
            return new QuotaDecision(proposed.Tenant, []);
        }

        long cpu = 0, memory = 0, replicas = 0;
        var extended = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var w in workloads)
        {
            var n = replicasOf(w);
            replicas += n;
            cpu += w.Requests.CpuMillis * n;
            memory += w.Requests.MemoryBytes * n;
            foreach (var (name, count) in w.ExtendedRequests)
            {
                extended[name] = extended.GetValueOrDefault(name) + (count * n);
            }
        }

        var refusals = new List<QuotaRefusal>();
        Over("cpu", quota.CpuMillis, cpu);
        Over("memory", quota.MemoryBytes, memory);
        Over("replicas", quota.Replicas, replicas);
        Over("workloads", quota.Workloads, workloads.Count);
        foreach (var (name, limit) in quota.Extended.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Over("requests." + name, limit, extended.GetValueOrDefault(name));
        }

        return new QuotaDecision(proposed.Tenant, refusals);

        void Over(string name, long? limit, long used)
        {
            if (limit is { } l && used > l)
            {
                refusals.Add(new QuotaRefusal(name, l, used));
            }
        }
    }
}
