using System.Globalization;

namespace Edge.Scheduling;

/// <summary>One quota a change would exceed: its name (cpu, memory, replicas, workloads, storage), the limit, what the tenant would use, by how much.</summary>
public sealed record QuotaRefusal(string Quota, long Limit, long Requested)
{
    public long ExceededBy => Requested - Limit;

    public override string ToString() => Quota switch
    {
        "cpu" => $"quota cpu: {ResourceText.Millis(Requested)} requested, limit {ResourceText.Millis(Limit)}, exceeded by {ResourceText.Millis(ExceededBy)}",
        "memory" or "storage" => $"quota {Quota}: {ResourceText.Bytes(Requested)} requested, limit {ResourceText.Bytes(Limit)}, exceeded by {ResourceText.Bytes(ExceededBy)}",
        _ => $"quota {Quota}: {Requested.ToString(CultureInfo.InvariantCulture)} requested, limit {Limit.ToString(CultureInfo.InvariantCulture)}, exceeded by {ExceededBy.ToString(CultureInfo.InvariantCulture)}",
    };
}
