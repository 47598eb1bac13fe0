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
    /// <param name="finishedOf">
    /// Replicas of a workload whose job finished: as Kubernetes pods in a terminal phase, they count
    /// towards no cpu, memory or replicas quota (their persistent storage still counts).
    /// </param>
    public static QuotaDecision Check(
        TenantQuota? quota,
        IEnumerable<PlacementWorkload> existing,
        PlacementWorkload proposed,
        Func<PlacementWorkload, int>? replicasOf = null,
        Func<PlacementWorkload, int>? finishedOf = null)
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

        long cpu = 0, memory = 0, replicas = 0, storage = 0;
        var extended = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var w in workloads)
        {
            var n = replicasOf(w);
            var active = Math.Max(0, n - (finishedOf?.Invoke(w) ?? 0));
            replicas += active;
            cpu += w.Requests.CpuMillis * active;
            memory += w.Requests.MemoryBytes * active;
            storage += w.StorageBytes * n;
            foreach (var (name, count) in w.ExtendedRequests)
            {
                extended[name] = extended.GetValueOrDefault(name) + (count * active);
            }
        }

        var refusals = new List<QuotaRefusal>();
        Over("cpu", quota.CpuMillis, cpu);
        Over("memory", quota.MemoryBytes, memory);
        Over("replicas", quota.Replicas, replicas);
        Over("workloads", quota.Workloads, workloads.Count);
        Over("storage", quota.StorageBytes, storage);
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
