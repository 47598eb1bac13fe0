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

        var table = new TableWriter("NAME", "TENANT", "MODE", "DESIRED", "PLACED", "RUNNING", "PENDING", "SUCCEEDED", "FAILED", "MODULE", "SELECTOR", "REASON");
        foreach (var workload in views)
        {
            table.AddRow(
                Units.Cell(workload.Name),
                Units.Cell(workload.Tenant),
                workload.Mode,
                workload.ReplicasDesired.ToString(CultureInfo.InvariantCulture),
                workload.ReplicasPlaced.ToString(CultureInfo.InvariantCulture),
                workload.ReplicasRunning.ToString(CultureInfo.InvariantCulture),
                workload.ReplicasPending.ToString(CultureInfo.InvariantCulture),
                workload.ReplicasSucceeded.ToString(CultureInfo.InvariantCulture),
                workload.ReplicasFailed.ToString(CultureInfo.InvariantCulture),
                Units.ShortDigest(workload.ModuleDigest),
                Units.Cell(Units.Selector(workload.NodeSelector)),
                Units.Cell(workload.LastFailure ?? ""));
        }

        table.WriteTo(writer);
        foreach (var failed in views.Where(w => w.Failure is not null))
        {
            // Below the table, whole: the reason is what an operator needs and is too long for a cell.
            writer.WriteLine($"workload/{failed.Name} FAILED, not placed: {failed.Failure}");
        }
    }
}
