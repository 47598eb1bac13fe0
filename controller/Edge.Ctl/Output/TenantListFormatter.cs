using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>get tenants</c>: used/quota per resource, or <c>{"items": [...]}</c>.</summary>
internal static class TenantListFormatter
{
    public static void Write(IEnumerable<Tenant> tenants, OutputFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        ArgumentNullException.ThrowIfNull(writer);
        var views = tenants.Select(ToView).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<TenantView>(views), format, writer);
            return;
        }

        // Device quotas get a column only when a tenant has one, so other tables stay as they were.
        var devices = views.Any(t => t.ExtendedQuota.Count > 0);
        var table = devices
            ? new TableWriter("NAME", "CPU", "MEMORY", "REPLICAS", "WORKLOADS", "STORAGE", "DEVICE-QUOTA")
            : new TableWriter("NAME", "CPU", "MEMORY", "REPLICAS", "WORKLOADS", "STORAGE");
        foreach (var t in views)
        {
            string[] cells =
            [
                Units.Cell(t.Name),
                $"{Units.Cpu((int)t.CpuUsedMillicores)}/{(t.CpuQuotaMillicores is { } c ? Units.Cpu((int)c) : "-")}",
                $"{Units.Bytes(t.MemoryUsedBytes)}/{(t.MemoryQuotaBytes is { } m ? Units.Bytes(m) : "-")}",
                string.Create(CultureInfo.InvariantCulture, $"{t.ReplicasUsed}/{(t.ReplicasQuota?.ToString(CultureInfo.InvariantCulture) ?? "-")}"),
                string.Create(CultureInfo.InvariantCulture, $"{t.WorkloadsUsed}/{(t.WorkloadsQuota?.ToString(CultureInfo.InvariantCulture) ?? "-")}"),
                $"{Units.Bytes(t.StorageUsedBytes)}/{(t.StorageQuotaBytes is { } s ? Units.Bytes(s) : "-")}",
            ];
            table.AddRow(devices
                ? [.. cells, t.ExtendedQuota.Count == 0 ? "-" : string.Join(",", t.ExtendedQuota.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")))]
                : cells);
        }

        table.WriteTo(writer);
    }

    public static TenantView ToView(Tenant t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var q = t.Quota ?? new TenantQuota();
        return new TenantView(
            t.Name,
            q.HasCpuMillicores ? q.CpuMillicores : null,
            q.HasMemoryBytes ? q.MemoryBytes : null,
            q.HasReplicas ? q.Replicas : null,
            q.HasWorkloads ? q.Workloads : null,
            t.Used?.CpuMillicores ?? 0,
            t.Used?.MemoryBytes ?? 0,
            t.ReplicasUsed,
            t.WorkloadsUsed)
        {
            StorageQuotaBytes = q.HasStorageBytes ? q.StorageBytes : null,
            StorageUsedBytes = t.StorageUsedBytes,
            ExtendedQuota = new SortedDictionary<string, long>(q.Extended, StringComparer.Ordinal),
        };
    }
}
