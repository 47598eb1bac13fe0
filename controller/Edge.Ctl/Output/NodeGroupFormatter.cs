using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>
/// Output of <c>get nodegroups</c>, <c>explain nodegroup</c> and <c>explain node</c>: tables for
/// people, the same content as JSON/YAML views for scripts.
/// </summary>
internal static class NodeGroupFormatter
{
    public static void WriteList(IEnumerable<NodeGroupInfo> groups, OutputFormat format, DateTimeOffset now, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(writer);
        var views = groups.Select(ToView).OrderBy(g => g.Name, StringComparer.Ordinal).ToList();
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<NodeGroupView>(views), format, writer);
            return;
        }

        var table = new TableWriter("NAME", "MIN", "MAX", "CURRENT", "UPCOMING", "READY", "PROVIDER", "BACKOFF");
        foreach (var (g, info) in views.Zip(groups.OrderBy(g => g.Name, StringComparer.Ordinal)))
        {
            table.AddRow(
                g.Name,
                Number(g.Min),
                Number(g.Max),
                Number(g.Current) + (g.Removing > 0 ? Invariant($" ({g.Removing} removing)") : ""),
                Number(g.Upcoming),
                Number(g.Ready),
                $"{g.Provider} ({g.ProviderType})",
                Backoff(info.Backoff, now, detailed: false));
        }

        table.WriteTo(writer);
    }

    public static void WriteExplanation(NodeGroupExplanation explanation, OutputFormat format, DateTimeOffset now, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(writer);
        var view = new NodeGroupExplainView(
            ToView(explanation.Group),
            Units.Iso8601(explanation.LastPass),
            [.. explanation.Notes],
            [.. explanation.Nodes.Select(ToView)],
            [.. explanation.Events.Select(ToView)]);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(view, format, writer);
            return;
        }

        var g = view.Group;
        writer.WriteLine(Invariant($"nodegroup/{g.Name}: min {g.Min}, max {g.Max}; {g.Current} node(s), {g.Ready} ready, {g.Upcoming} upcoming, {g.Removing} being removed"));
        writer.WriteLine(Invariant($"provider: {g.Provider} ({g.ProviderType}); priority {g.Priority}, cost {g.Cost:0.####}/node-hour"));
        writer.WriteLine($"template: cpu {Units.Cpu((int)Math.Min(g.Template.CpuMillicores, int.MaxValue))}, memory {Units.Bytes(g.Template.MemoryBytes)}, "
            + $"labels {Listed(g.Template.Labels.Select(kv => $"{kv.Key}={kv.Value}"))}, taints {Listed(g.Template.Taints)}"
            + (g.Template.MaxWorkloads > 0 ? $", max workloads {g.Template.MaxWorkloads}" : "")
            + (g.Template.ExtendedResources.Count > 0 ? $", devices {Listed(g.Template.ExtendedResources.Select(kv => $"{kv.Key}={kv.Value}"))}" : ""));
        writer.WriteLine($"backoff: {Backoff(explanation.Group.Backoff, now, detailed: true)}");
        WritePass(writer, view.LastPass, view.Notes, explanation.LastPass, now);
        if (view.Nodes.Count > 0)
        {
            writer.WriteLine("scale-down, last verdict per node:");
            var table = new TableWriter("NODE", "VERDICT", "DECIDED", "REASON");
            foreach (var (v, proto) in view.Nodes.Zip(explanation.Nodes))
            {
                table.AddRow(v.Node, v.Remove ? "remove" : "keep", Ago(proto.DecidedAt, now), v.Reason);
            }

            table.WriteTo(writer, "  ");
        }

        WriteEvents(writer, explanation.Events, now);
    }

    public static void WriteNode(NodeScaleDownExplanation explanation, OutputFormat format, DateTimeOffset now, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(writer);
        var view = new NodeScaleDownView(
            explanation.Node,
            explanation.InFleet,
            Empty(explanation.Group),
            explanation.Verdict is { } v ? ToView(v) : null,
            Empty(explanation.RemovalPhase),
            Units.Iso8601(explanation.LastPass),
            [.. explanation.Notes],
            [.. explanation.Events.Select(ToView)]);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(view, format, writer);
            return;
        }

        writer.WriteLine($"node/{view.Node}: {(view.Group is { } group ? $"node group {group}" : "in no node group")}");
        if (view.RemovalPhase is { } phase)
        {
            writer.WriteLine($"being removed by the node autoscaler: {phase}");
        }

        writer.WriteLine(view.Verdict is { } verdict
            ? $"scale-down: {(verdict.Remove ? "remove" : "keep")} ({Ago(explanation.Verdict.DecidedAt, now)}): {verdict.Reason}"
            : view.InFleet ? "scale-down: not looked at yet" : "scale-down: the node has left the fleet; its history follows");
        WritePass(writer, view.LastPass, view.Notes, explanation.LastPass, now);
        WriteEvents(writer, explanation.Events, now);
    }

    public static NodeGroupView ToView(NodeGroupInfo g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var template = g.Template ?? new NodeGroupTemplate();
        return new NodeGroupView(
            g.Name,
            g.MinSize,
            g.MaxSize,
            g.Current,
            g.Ready,
            g.Upcoming,
            g.Removing,
            g.Provider,
            g.ProviderType,
            g.Priority,
            g.Cost,
            new NodeGroupTemplateView(
                template.Allocatable?.CpuMillicores ?? 0,
                template.Allocatable?.MemoryBytes ?? 0,
                template.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                [.. template.Taints.Select(t => t.Value.Length == 0 ? $"{t.Key}:{t.Effect}" : $"{t.Key}={t.Value}:{t.Effect}")])
            {
                MaxWorkloads = template.MaxWorkloads,
                ExtendedResources = new SortedDictionary<string, long>(template.ExtendedResources, StringComparer.Ordinal),
            },
            g.Backoff is { } b ? new NodeGroupBackoffView(b.Failures, Units.Iso8601(b.Until), b.LastError) : null);
    }

    private static ScaleDownVerdictView ToView(NodeScaleDownVerdict v) =>
        new(v.Node, Empty(v.Group), v.Remove, v.Reason, Units.Iso8601(v.DecidedAt));

    private static NodeAutoscalerEventView ToView(NodeAutoscalerEvent e) =>
        new(Units.Iso8601(e.At), e.Kind, Empty(e.Group), Empty(e.Node), e.Message);

    private static void WritePass(TextWriter writer, string? lastPass, IReadOnlyList<string> notes, Google.Protobuf.WellKnownTypes.Timestamp? at, DateTimeOffset now)
    {
        writer.WriteLine(lastPass is null ? "last pass: none yet" : $"last pass: {lastPass} ({Ago(at, now)})");
        foreach (var note in notes)
        {
            writer.WriteLine($"  note: {note}");
        }
    }

    private static void WriteEvents(TextWriter writer, IEnumerable<NodeAutoscalerEvent> events, DateTimeOffset now)
    {
        var list = events.ToList();
        if (list.Count == 0)
        {
            writer.WriteLine("events: none");
            return;
        }

        writer.WriteLine("events (oldest first):");
        var table = new TableWriter("AGE", "KIND", "GROUP", "NODE", "MESSAGE");
        foreach (var e in list)
        {
            table.AddRow(Ago(e.At, now), e.Kind, Units.Cell(Empty(e.Group)), Units.Cell(Empty(e.Node)), e.Message);
        }

        table.WriteTo(writer, "  ");
    }

    private static string Backoff(NodeGroupBackoff? backoff, DateTimeOffset now, bool detailed) =>
        backoff is null
            ? "-"
            : Invariant($"{Units.HumanDuration(backoff.Until.ToDateTimeOffset() - now)} left ({backoff.Failures} failure(s))") + (detailed ? $": {backoff.LastError}" : "");

    private static string Ago(Google.Protobuf.WellKnownTypes.Timestamp? at, DateTimeOffset now) =>
        at is null ? "-" : Units.HumanDuration(now - at.ToDateTimeOffset()) + " ago";

    private static string Listed(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? Units.None : string.Join(",", list);
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
