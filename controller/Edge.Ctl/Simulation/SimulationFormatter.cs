using System.Globalization;
using Edge.Ctl.Output;
using Edge.Scheduling.Simulation;

namespace Edge.Ctl.Simulation;

/// <summary>Prints a simulation's timeline as a table (TIME OBJECT ACTION CHANGE REASON) or as JSON/YAML.</summary>
internal static class SimulationFormatter
{
    public static void Write(string name, SimulationResult result, OutputFormat format, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        if (format != OutputFormat.Table)
        {
            StructuredWriter.Write(ToView(name, result), format, writer);
            return;
        }

        var table = new TableWriter("TIME", "OBJECT", "ACTION", "CHANGE", "REASON");
        foreach (var e in result.Events)
        {
            table.AddRow(Time(e.At), e.Subject, e.Action, Change(e), e.Reason);
        }

        table.WriteTo(writer);
        writer.WriteLine();
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name}: {result.Steps} steps, {result.Events.Count} events; end: {result.FinalNodes} nodes; ")
            + string.Join(", ", result.FinalReplicas.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {result.RunningReplicas[kv.Key]}/{kv.Value} running"))));
    }

    public static SimulationView ToView(string name, SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SimulationView(
            name,
            result.Steps,
            result.FinalNodes,
            result.FinalReplicas.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            result.RunningReplicas.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            [.. result.Events.Select(e => new SimulationEventView(e.At.TotalSeconds, Time(e.At), e.Subject, e.Action, e.From, e.To, e.Reason))]);
    }

    private static string Time(TimeSpan at) => at.ToString(at.TotalHours >= 1 ? @"h\:mm\:ss" : @"mm\:ss", CultureInfo.InvariantCulture);

    private static string Change(SimulationEvent e) => (e.From, e.To) switch
    {
        ({ } from, { } to) when from != to => string.Create(CultureInfo.InvariantCulture, $"{from}→{to}"),
        ({ } from, _) => from.ToString(CultureInfo.InvariantCulture),
        _ => "-",
    };
}
