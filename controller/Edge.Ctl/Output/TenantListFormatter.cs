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

        var table = new TableWriter("NAME", "CPU", "MEMORY", "REPLICAS", "WORKLOADS", "STORAGE");
        foreach (var t in views)
        {
            table.AddRow(
                Units.Cell(t.Name),
                $"{Units.Cpu((int)t.CpuUsedMillicores)}/{(t.CpuQuotaMillicores is { } c ? Units.Cpu((int)c) : "-")}",
                $"{Units.Bytes(t.MemoryUsedBytes)}/{(t.MemoryQuotaBytes is { } m ? Units.Bytes(m) : "-")}",
                string.Create(CultureInfo.InvariantCulture, $"{t.ReplicasUsed}/{(t.ReplicasQuota?.ToString(CultureInfo.InvariantCulture) ?? "-")}"),
                string.Create(CultureInfo.InvariantCulture, $"{t.WorkloadsUsed}/{(t.WorkloadsQuota?.ToString(CultureInfo.InvariantCulture) ?? "-")}"),
                $"{Units.Bytes(t.StorageUsedBytes)}/{(t.StorageQuotaBytes is { } s ? Units.Bytes(s) : "-")}");
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
        };
    }
}
