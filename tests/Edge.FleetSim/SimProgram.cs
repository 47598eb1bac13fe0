using System.Globalization;
using System.Text.Json;

namespace Edge.FleetSim;

/// <summary>
/// edge-fleetsim --controller URL [options]: runs simulated nodes and takes
/// commands on stdin, one a line, answering each with one line on stdout.
/// </summary>
internal static class SimProgram
{
    public const string Usage = """
        usage: edge-fleetsim --controller URL [options]
          --controller URL          the controller's gRPC address (required)
          --prefix NAME             node names are NAME-00000, ... (default sim)
          --first N --nodes N       nodes started at launch (default none)
          --mqtt URL                broker (default: what the controller advertises)
          --heartbeat DURATION      heartbeat period (default 00:00:10, or shorter if the controller asks)
          --telemetry-period DURATION  one telemetry publish per node per period (default 00:00:10)
          --reconnect-min DURATION / --reconnect-max DURATION  backoff bounds (default 1 s / 30 s)
          --welcome-timeout DURATION  dial again when a stream gets no Welcome this long (default 00:00:10)
          --ramp N                  nodes started per second (default 500)
          --label KEY=VALUE         a label every node reports (repeatable)
        commands on stdin:
          add FIRST COUNT     start nodes FIRST..FIRST+COUNT-1 at the ramp rate   → added N
          stop FIRST COUNT    hard-stop those this process holds                  → stopped N
          start FIRST COUNT   start them again (state kept), all at once          → started N
          report                                                                  → report {json}
          running WORKLOAD    Unix ms at which each node reported it Running      → running WORKLOAD t1,t2,...
          quit
        """;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args is ["-h" or "--help"])
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }

        SimArguments parsed;
        try
        {
            parsed = SimArguments.Parse(args);
        }
        catch (FormatException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}\n\n{Usage}");
            return 2;
        }

        await using var fleet = new SimFleet(parsed.Settings, TimeProvider.System);
        if (parsed.Nodes > 0)
        {
            await fleet.AddAsync(parsed.First, parsed.Nodes, CancellationToken.None);
        }

        await output.WriteLineAsync($"ready {parsed.Nodes}");
        await output.FlushAsync();
        while (await input.ReadLineAsync() is { } line)
        {
            var answer = await ExecuteAsync(fleet, line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (answer is null)
            {
                break;
            }

            await output.WriteLineAsync(answer);
            await output.FlushAsync();
        }

        return 0;
    }

    /// <summary>One command's answer line; null for quit.</summary>
    public static async Task<string?> ExecuteAsync(SimFleet fleet, string[] words)
    {
        static bool Range(string[] w, out int first, out int count)
        {
            first = count = 0;
            return w.Length == 3
                && int.TryParse(w[1], NumberStyles.None, CultureInfo.InvariantCulture, out first)
                && int.TryParse(w[2], NumberStyles.None, CultureInfo.InvariantCulture, out count);
        }

        switch (words)
        {
            case ["quit"]:
                return null;
            case ["report"]:
                return "report " + JsonSerializer.Serialize(fleet.Report(), Json);
            case ["running", var workload]:
                return $"running {workload} {string.Join(',', fleet.RunningReportedAt(workload))}";
            case ["add", ..] when Range(words, out var first, out var count):
                return $"added {await fleet.AddAsync(first, count, CancellationToken.None)}";
            case ["stop", ..] when Range(words, out var first, out var count):
                return $"stopped {await fleet.StopAsync(first, count)}";
            case ["start", ..] when Range(words, out var first, out var count):
                return $"started {fleet.Restart(first, count)}";
            default:
                return $"error unknown command '{string.Join(' ', words)}' (add|stop|start FIRST COUNT, report, running WORKLOAD, quit)";
        }
    }
}
