using System.Globalization;

namespace Edge.Scheduling;

/// <summary>One quota a change would exceed: its name (cpu, memory, replicas, workloads), the limit, what the tenant would use, by how much.</summary>
public sealed record QuotaRefusal(string Quota, long Limit, long Requested)
{
    public long ExceededBy => Requested - Limit;

    public override string ToString() => Quota switch
    {
        "cpu" => $"quota cpu: {Millis(Requested)} requested, limit {Millis(Limit)}, exceeded by {Millis(ExceededBy)}",
        "memory" => $"quota memory: {Bytes(Requested)} requested, limit {Bytes(Limit)}, exceeded by {Bytes(ExceededBy)}",
        _ => $"quota {Quota}: {Requested.ToString(CultureInfo.InvariantCulture)} requested, limit {Limit.ToString(CultureInfo.InvariantCulture)}, exceeded by {ExceededBy.ToString(CultureInfo.InvariantCulture)}",
    };

    private static string Millis(long m) => m.ToString(CultureInfo.InvariantCulture) + "m";

    private static string Bytes(long b) =>
        b % (1L << 30) == 0 ? (b >> 30).ToString(CultureInfo.InvariantCulture) + "Gi"
        : b % (1L << 20) == 0 ? (b >> 20).ToString(CultureInfo.InvariantCulture) + "Mi"
        : b.ToString(CultureInfo.InvariantCulture) + "B";
}
