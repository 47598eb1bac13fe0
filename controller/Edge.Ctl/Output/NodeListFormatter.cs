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

        var table = new TableWriter("NAME", "STATUS", "ARCH", "CPU", "MEMORY", "WORKLOADS", "VERSION", "LAST-SEEN");
        foreach (var node in sorted)
        {
            var facts = node.Facts ?? new NodeFacts();
            var running = node.Workloads.Count(w => w.Phase == WorkloadPhase.Running);
            table.AddRow(
                Units.Cell(ViewMapper.NameOf(node)),
                ViewMapper.StatusOf(node.Condition).ToString(),
                Units.Cell(facts.Arch),
                Units.Cpu(facts.CpuMillicores),
                Units.Bytes(facts.MemoryBytes),
                string.Create(CultureInfo.InvariantCulture, $"{running}/{node.Workloads.Count}"),
                Units.Cell(facts.AgentVersion),
                Units.Ago(node.LastHeartbeat, now));
        }

        table.WriteTo(writer);
    }
}
