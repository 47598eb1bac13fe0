using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>nodes list</c>: a table, or <c>{"items": [...]}</c> as JSON/YAML.</summary>
internal static class NodeListFormatter
{
    public static void Write(IEnumerable<Node> nodes, OutputFormat format, DateTimeOffset now, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(writer);
        var sorted = nodes.OrderBy(ViewMapper.NameOf, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<NodeView>([.. sorted.Select(ViewMapper.ToView)]), format, writer);
            return;
        }

        // Devices get a column only in fleets that advertise any, so other fleets' tables stay as they were.
        var devices = sorted.Any(n => n.Facts?.ExtendedResources.Count > 0 || n.ExtendedRequested.Count > 0);
        string[] columns = ["NAME", "STATUS", "ARCH", "CPU", "MEMORY", "CPU-REQ", "MEM-REQ", "WORKLOADS", "VERSION", "LAST-SEEN"];
        var table = new TableWriter(devices ? [.. columns[..7], "DEVICES", .. columns[7..]] : columns);
        long cpu = 0, cpuRequested = 0, memory = 0, memoryRequested = 0;
        foreach (var node in sorted)
        {
            var facts = node.Facts ?? new NodeFacts();
            var running = node.Workloads.Count(w => w.Phase == WorkloadPhase.Running);
            var requested = node.Requested ?? new Resources();
            cpu += facts.CpuMillicores;
            memory += facts.MemoryBytes;
            cpuRequested += requested.CpuMillicores;
            memoryRequested += requested.MemoryBytes;
            string[] cells =
            [
                Units.Cell(ViewMapper.NameOf(node)),
                NodeHealthText.Status(node) + (node.Draining ? ",Draining" : node.Cordoned ? ",SchedulingDisabled" : ""),
                Units.Cell(facts.Arch),
                Units.Cpu(facts.CpuMillicores),
                Units.Bytes(facts.MemoryBytes),
                Units.Share(requested.CpuMillicores, facts.CpuMillicores),
                Units.Share(requested.MemoryBytes, facts.MemoryBytes),
                string.Create(CultureInfo.InvariantCulture, $"{running}/{node.Workloads.Count}"),
                Units.Cell(facts.AgentVersion),
                Units.Ago(node.LastHeartbeat, now),
            ];
            table.AddRow(devices ? [.. cells[..7], Devices(facts, node), .. cells[7..]] : cells);
        }

        table.WriteTo(writer);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: {sorted.Count} nodes, cpu requested {Units.Share(cpuRequested, cpu)}, memory requested {Units.Share(memoryRequested, memory)}"));
    }

    /// <summary>"edge.io/gpu=1/2,example.com/camera=0/1": held over advertised, by name; "-" when none.</summary>
    public static string Devices(NodeFacts facts, Node node)
    {
        var names = facts.ExtendedResources.Keys.Union(node.ExtendedRequested.Keys).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0
            ? "-"
            : string.Join(",", names.Select(n => string.Create(CultureInfo.InvariantCulture,
                $"{n}={node.ExtendedRequested.GetValueOrDefault(n)}/{facts.ExtendedResources.GetValueOrDefault(n)}")));
    }
}
