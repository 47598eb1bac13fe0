using System.Globalization;
using System.Text;
using Edge.Protos.V1;

namespace Edge.Ctl.Output;

/// <summary>
/// <c>get events</c> in kubectl's layout: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (with -A a
/// TENANT column first; wide adds SOURCE, FIRST SEEN and COUNT), or the events as JSON/YAML.
/// A watch prints its rows under the list's header, in the same columns.
/// </summary>
internal sealed class EventFormatter(OutputFormat format, bool wide, bool allTenants, TextWriter writer)
{
    private const int Gap = 3;
    private int[]? _widths;

    public static EventView ToView(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EventView(e.Kind, e.Name, e.Tenant, e.Type, e.Reason, e.Message, e.Count, Units.Iso8601(e.FirstSeen), Units.Iso8601(e.LastSeen), e.Source, e.Sequence);
    }

    /// <summary>The list, with its header (the widths a watch goes on with).</summary>
    public void WriteList(IReadOnlyList<Event> events, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(new ItemList<EventView>([.. events.Select(ToView)]), format, writer);
            return;
        }

        var rows = new List<string[]> { Header() };
        rows.AddRange(events.Select(e => Row(e, now)));
        _widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                _widths[i] = Math.Max(_widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            WriteRow(row);
        }
    }

    /// <summary>One event that a watch brought.</summary>
    public void WriteWatched(Event e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (format == OutputFormat.Json)
        {
            StructuredWriter.Write(ToView(e), format, writer);
        }
        else if (format == OutputFormat.Yaml)
        {
            writer.WriteLine("---");
            StructuredWriter.Write(ToView(e), format, writer);
        }
        else
        {
            WriteRow(Row(e, now));
        }

        writer.Flush();
    }

    /// <summary>"workload/web", "node/n1".</summary>
    public static string ObjectOf(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return $"{e.Kind.ToLowerInvariant()}/{e.Name}";
    }

    private string[] Header()
    {
        string[] columns = wide
            ? ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT"]
            : ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
        return allTenants ? ["TENANT", .. columns] : columns;
    }

    private string[] Row(Event e, DateTimeOffset now)
    {
        var lastSeen = Age(e.LastSeen, now);
        string[] cells = wide
            ? [lastSeen, e.Type, e.Reason, ObjectOf(e), e.Source, e.Message, Age(e.FirstSeen, now), e.Count.ToString(CultureInfo.InvariantCulture)]
            : [lastSeen, e.Type, e.Reason, ObjectOf(e), e.Count > 1 ? $"{e.Message} (x{e.Count})" : e.Message];
        return allTenants ? [e.Tenant.Length == 0 ? "-" : e.Tenant, .. cells] : cells;
    }

    private static string Age(Google.Protobuf.WellKnownTypes.Timestamp? at, DateTimeOffset now) =>
        at is null ? "<unknown>" : Units.HumanDuration(now - at.ToDateTimeOffset());

    /// <summary>A row padded to the list's widths; the message (or the last column) runs on unpadded.</summary>
    private void WriteRow(string[] row)
    {
        var line = new StringBuilder();
        for (var i = 0; i < row.Length; i++)
        {
            var width = _widths is { } w && i < w.Length ? w[i] : row[i].Length;
            line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(Math.Max(width, row[i].Length) + Gap));
        }

        writer.WriteLine(line.ToString().TrimEnd());
    }
}
