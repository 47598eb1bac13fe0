using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>Output of <c>nodes get</c>: a describe-like page, or the node as JSON/YAML.</summary>
internal static class NodeDetailFormatter
{
    private const int LabelWidth = 22;

    public static void Write(Node node, OutputFormat format, DateTimeOffset now, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(writer);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(ViewMapper.ToView(node), format, writer);
            return;
        }

        var view = ViewMapper.ToView(node);
        var facts = node.Facts ?? new NodeFacts();

        Field(writer, 0, "Name", view.Name);
        var status = view.StatusSince is null
            ? view.Status.ToString()
            : $"{view.Status} since {view.StatusSince} ({Units.Ago(node.ConditionSince, now)})";
        Field(writer, 0, "Status", node.HealthConditions.Count > 0 && node.Condition == NodeCondition.Ready
            ? $"{NodeHealthText.Status(node)} (connected: {status})"
            : status);
        Field(writer, 0, "Last Heartbeat", view.LastHeartbeat is null
            ? "never"
            : $"{view.LastHeartbeat} ({Units.Ago(node.LastHeartbeat, now)})");
        Field(writer, 0, "Desired Version", Number(view.DesiredVersion));
        Field(writer, 0, "Applied Version", view.AppliedVersion == view.DesiredVersion
            ? Number(view.AppliedVersion)
            : $"{Number(view.AppliedVersion)} (behind desired)");

        NodeHealthText.Write(writer, node, now);
        writer.WriteLine("Facts:");
        Field(writer, 1, "Arch", Units.Cell(view.Arch));
        Field(writer, 1, "OS", view.OsDescription.Length == 0
            ? Units.Cell(view.Os)
            : $"{Units.Cell(view.Os)} ({Units.Cell(view.OsDescription)})");
        Field(writer, 1, "Hostname", Units.Cell(view.Hostname));
        Field(writer, 1, "CPU", $"{Units.Cores(view.CpuMillicores)} cores ({Number(view.CpuMillicores)}m)");
        Field(writer, 1, "Memory", $"{Units.Bytes(view.MemoryBytes)} ({Number(view.MemoryBytes)} bytes)");
        Field(writer, 1, "Max Workloads", view.MaxWorkloads > 0 ? $"{Number(view.Replicas)} of {Number(view.MaxWorkloads)} placed" : "no limit");
        foreach (var name in view.ExtendedResources.Keys.Union(view.ExtendedRequested.Keys).Order(StringComparer.Ordinal))
        {
            Field(writer, 1, name, $"{Number(view.ExtendedRequested.GetValueOrDefault(name))} of {Number(view.ExtendedResources.GetValueOrDefault(name))} allocated");
        }

        Field(writer, 1, "Agent Version", Units.Cell(view.AgentVersion));
        Field(writer, 1, "K3s Node", Units.Cell(facts.K3SNodeName));

        if (view.Labels.Count == 0)
        {
            Field(writer, 0, "Labels", Units.None);
        }
        else
        {
            var first = true;
            foreach (var (key, value) in view.Labels)
            {
                Field(writer, 0, first ? "Labels" : null, Units.Cell($"{key}={value}"));
                first = false;
            }
        }

        WriteWorkloads(writer, node, now);
        WriteTelemetry(writer, node.Telemetry, now);
    }

    private static void WriteWorkloads(TextWriter writer, Node node, DateTimeOffset now)
    {
        if (node.Workloads.Count == 0)
        {
            Field(writer, 0, "Workloads", Units.None);
            return;
        }

        writer.WriteLine("Workloads:");
        var table = new TableWriter("NAME", "PHASE", "MODULE", "INVOCATIONS", "FAILURES", "SINCE", "MESSAGE");
        foreach (var workload in node.Workloads.OrderBy(w => w.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                Units.Cell(workload.Name),
                ViewMapper.PhaseOf(workload.Phase).ToString(),
                Units.ShortDigest(workload.ModuleDigest),
                Number(workload.Invocations),
                Number(workload.Failures),
                workload.Since is null ? Units.None : Units.HumanDuration(now - workload.Since.ToDateTimeOffset()),
                Units.Cell(workload.Message, empty: string.Empty));
        }

        table.WriteTo(writer, "  ");
    }

    private static void WriteTelemetry(TextWriter writer, NodeTelemetry? telemetry, DateTimeOffset now)
    {
        if (telemetry is null)
        {
            Field(writer, 0, "Telemetry", Units.None);
            return;
        }

        writer.WriteLine("Telemetry:");
        Field(writer, 1, "Sampled At", telemetry.SampledAt is null
            ? Units.None
            : $"{Units.Iso8601(telemetry.SampledAt)} ({Units.Ago(telemetry.SampledAt, now)})");
        Field(writer, 1, "Sequence", Number(telemetry.Sequence));
        Field(writer, 1, "CPU", Units.Percent(telemetry.CpuUsageRatio));
        var memory = $"{Units.Bytes(telemetry.MemoryUsedBytes)} / {Units.Bytes(telemetry.MemoryTotalBytes)}";
        Field(writer, 1, "Memory", telemetry.MemoryTotalBytes > 0
            ? $"{memory} ({Units.Percent((double)telemetry.MemoryUsedBytes / telemetry.MemoryTotalBytes)})"
            : memory);
        Field(writer, 1, "Load (1m)", telemetry.LoadAverage1M.ToString("0.00", CultureInfo.InvariantCulture));
        Field(writer, 1, "Workloads Running", Number(telemetry.WorkloadsRunning));
    }

    /// <summary>"  Label:   value" with values aligned; a null label continues the previous field.</summary>
    private static void Field(TextWriter writer, int depth, string? label, string value)
    {
        var indent = new string(' ', depth * 2);
        var head = label is null ? string.Empty : label + ":";
        writer.Write(indent);
        writer.Write(head.PadRight(LabelWidth - indent.Length));
        writer.WriteLine(value);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
