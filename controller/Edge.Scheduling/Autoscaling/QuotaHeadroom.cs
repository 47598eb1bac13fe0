namespace Edge.Scheduling.Autoscaling;

/// <summary>What the tenant's quota still allows beyond what it uses now; null means unlimited.</summary>
public sealed record QuotaHeadroom(long? CpuMillis, long? MemoryBytes, int? Replicas)
{
    public static readonly QuotaHeadroom Unlimited = new(null, null, null);

    /// <summary>
    /// The headroom left by <paramref name="quota"/> for a tenant whose workloads reserve
    /// <paramref name="used"/> with <paramref name="replicas"/> replicas in total.
    /// </summary>
    public static QuotaHeadroom From(TenantQuota? quota, ResourceAmount used, int replicas) => quota is null
        ? Unlimited
        : new QuotaHeadroom(quota.CpuMillis - used.CpuMillis, quota.MemoryBytes - used.MemoryBytes, quota.Replicas - replicas);

    /// <summary>How many more replicas requesting <paramref name="requests"/> fit, and which limit binds; null when none does.</summary>
    public (int Replicas, string? Limit) MoreReplicas(ResourceAmount requests)
    {
        var best = int.MaxValue;
        string? limit = null;
        Consider("replicas", Replicas, 1);
        Consider("cpu", CpuMillis, requests.CpuMillis);
        Consider("memory", MemoryBytes, requests.MemoryBytes);
        return (best, limit);

        void Consider(string name, long? left, long each)
        {
            if (left is not { } l || each <= 0)
            {
                return;
            }

            var n = (int)Math.Clamp(l / each, 0, int.MaxValue);
            if (n < best)
            {
                best = n;
                limit = name;
            }
        }
    }
}
