using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>get workloads</c>: a table, or <c>{"items": [...]}</c> as JSON/YAML.</summary>
internal static class WorkloadListFormatter
{
    public static void Write(IEnumerable<Workload> workloads, OutputFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(writer);
        var views = workloads.Select(ViewMapper.ToView).OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<WorkloadView>(views), format, writer);
            return;
        }

        var table = new TableWriter("NAME", "MODULE", "SELECTOR", "TARGETED", "RUNNING");
        foreach (var workload in views)
        {
            table.AddRow(
                Units.Cell(workload.Name),
                Units.ShortDigest(workload.ModuleDigest),
                Units.Cell(Units.Selector(workload.NodeSelector)),
                workload.NodesTargeted.ToString(CultureInfo.InvariantCulture),
                workload.NodesRunning.ToString(CultureInfo.InvariantCulture));
        }

        table.WriteTo(writer);
    }
}
