using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>
/// A node's health conditions as edgectl shows them: a connected node with a raised condition is
/// NotReady, its conditions after a comma as kubectl shows SchedulingDisabled
/// ("NotReady,StoreFailed,TelemetryStalled").
/// </summary>
internal static class NodeHealthText
{
    public static string Status(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Condition == NodeCondition.Ready && node.HealthConditions.Count > 0)
        {
            return "NotReady," + string.Join(",", node.HealthConditions.Select(c => c.Type));
        }

        return ViewMapper.StatusOf(node.Condition).ToString();
    }

    public static IReadOnlyList<NodeHealthConditionView> Conditions(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return [.. node.HealthConditions.Select(c => new NodeHealthConditionView(c.Type, c.Reason, c.Message, Units.Iso8601(c.Since)))];
    }

    public static NodeStoreView? Store(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var s = node.Store;
        return s is null || (!s.Failing && s.Quarantines == 0)
            ? null
            : new NodeStoreView(s.Failing, s.Reason, Units.Iso8601(s.FailingSince), s.Quarantines, s.QuarantinedTo, s.QuarantineReason, Units.Iso8601(s.QuarantinedAt));
    }

    /// <summary>The "Conditions:" and "Agent Store:" parts of <c>nodes get</c>.</summary>
    public static void Write(TextWriter writer, Node node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        if (node.HealthConditions.Count > 0)
        {
            writer.WriteLine("Conditions:");
            var table = new TableWriter("TYPE", "REASON", "SINCE", "MESSAGE");
            foreach (var c in node.HealthConditions)
            {
                table.AddRow(c.Type, c.Reason, c.Since is null ? Units.None : Units.Ago(c.Since, now), Units.Cell(c.Message, empty: string.Empty));
            }

            table.WriteTo(writer, "  ");
        }

        if (Store(node) is { } store)
        {
            writer.WriteLine("Agent Store:");
            if (store.Failing)
            {
                writer.WriteLine($"  Failing since {store.FailingSince}: {store.Reason}");
            }

            if (store.Quarantines > 0)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  Rebuilt {store.Quarantines} time(s); last at {store.QuarantinedAt}: {store.QuarantineReason}; damaged file kept as {store.QuarantinedTo}"));
            }
        }
    }
}

/// <summary>One raised node health condition in JSON/YAML.</summary>
internal sealed record NodeHealthConditionView(string Type, string Reason, string Message, string? Since);

/// <summary>The agent's state file in JSON/YAML: failing, and damaged files moved aside.</summary>
internal sealed record NodeStoreView(
    bool Failing,
    string Reason,
    string? FailingSince,
    long Quarantines,
    string QuarantinedTo,
    string QuarantineReason,
    string? QuarantinedAt);
