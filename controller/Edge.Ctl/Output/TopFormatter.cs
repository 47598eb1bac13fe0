using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>top nodes</c> and <c>top workloads</c>: kubectl-top tables, or <c>{"items": [...]}</c>.</summary>
internal static class TopFormatter
{
    public static void WriteNodes(IEnumerable<NodeUsage> nodes, OutputFormat format, TextWriter writer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(writer);
        var list = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<NodeUsageView>([.. list.Select(n => new NodeUsageView(
                n.Name, Units.Iso8601(n.SampledAt), n.Sequence, n.CpuUsageRatio, n.MemoryUsedBytes, n.MemoryTotalBytes, n.LoadAverage1M,
                n.DiskUsedBytes, n.DiskTotalBytes, n.NetRxBytesPerS, n.NetTxBytesPerS, n.WorkloadsRunning,
                n.SamplesIngested, n.AgentDroppedTotal, n.AgentOutboxPending))]), format, writer);
            return;
        }

        var table = new TableWriter("NAME", "CPU%", "MEMORY", "MEMORY%", "LOAD", "DISK%", "NET-RX/s", "NET-TX/s", "OUTBOX", "DROPPED", "AGE");
        foreach (var n in list)
        {
            table.AddRow(
                n.Name,
                Units.Percent(n.CpuUsageRatio),
                Units.Bytes(n.MemoryUsedBytes),
                n.MemoryTotalBytes > 0 ? Units.Percent((double)n.MemoryUsedBytes / n.MemoryTotalBytes) : Units.None,
                n.LoadAverage1M.ToString("0.00", CultureInfo.InvariantCulture),
                n.DiskTotalBytes > 0 ? Units.Percent((double)n.DiskUsedBytes / n.DiskTotalBytes) : Units.None,
                Units.Bytes((long)n.NetRxBytesPerS),
                Units.Bytes((long)n.NetTxBytesPerS),
                n.AgentOutboxPending.ToString(CultureInfo.InvariantCulture),
                n.AgentDroppedTotal.ToString(CultureInfo.InvariantCulture),
                Units.Ago(n.SampledAt, now));
        }

        table.WriteTo(writer);
    }

    /// <param name="workloads">The rows.</param>
    /// <param name="format">Table, JSON or YAML.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="allTenants">Rows of several tenants: the table gets a TENANT column.</param>
    public static void WriteWorkloads(IEnumerable<WorkloadUsage> workloads, OutputFormat format, TextWriter writer, bool allTenants = false)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(writer);
        var list = workloads.OrderBy(w => w.Tenant, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<WorkloadUsageView>([.. list.Select(w => new WorkloadUsageView(
                w.Name, w.Node, w.Nodes, w.InvocationsPerS, w.FailuresPerS, w.LatencyP50Ms, w.LatencyP99Ms,
                w.WarmInstances, w.BusyInstances, w.QueuedRequests,
                w.HasCpuMillicores ? w.CpuMillicores : null, w.HasMemoryBytes ? w.MemoryBytes : null, w.HasMemoryPeakBytes ? w.MemoryPeakBytes : null,
                w.NodesMeasured) { Tenant = w.Tenant.Length == 0 ? "default" : w.Tenant })]), format, writer);
            return;
        }

        // As kubectl top pods: CPU(m) and MEMORY, here linear memory averaged over the agent's interval.
        string[] columns = ["NAME", "NODES", "CPU(m)", "MEMORY", "REQ/s", "FAIL/s", "P50", "P99", "WARM", "BUSY", "QUEUED"];
        var table = new TableWriter(allTenants ? ["TENANT", .. columns] : columns);
        foreach (var w in list)
        {
            string[] cells = [
                w.Name,
                w.Nodes.ToString(CultureInfo.InvariantCulture),
                w.HasCpuMillicores ? Measured(Math.Round(w.CpuMillicores).ToString("0", CultureInfo.InvariantCulture) + "m", w) : Units.None,
                w.HasMemoryBytes ? Measured(Units.Bytes(w.MemoryBytes), w) : Units.None,
                w.InvocationsPerS.ToString("0.##", CultureInfo.InvariantCulture),
                w.FailuresPerS.ToString("0.##", CultureInfo.InvariantCulture),
                Ms(w.LatencyP50Ms),
                Ms(w.LatencyP99Ms),
                w.WarmInstances.ToString(CultureInfo.InvariantCulture),
                w.BusyInstances.ToString(CultureInfo.InvariantCulture),
                w.QueuedRequests.ToString(CultureInfo.InvariantCulture)];
            table.AddRow(allTenants ? [w.Tenant.Length == 0 ? "default" : w.Tenant, .. cells] : cells);
        }

        table.WriteTo(writer);
    }

    /// <summary>A figure only some nodes measured is marked with how many: "120m (1/3)".</summary>
    private static string Measured(string figure, WorkloadUsage w) =>
        w.NodesMeasured >= w.Nodes ? figure : string.Create(CultureInfo.InvariantCulture, $"{figure} ({w.NodesMeasured}/{w.Nodes})");

    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.##" : "0", CultureInfo.InvariantCulture) + "ms";
}
