using System.Globalization;
using System.Text.Json;

namespace Edge.Benchmarks;

/// <summary>
/// dotnet run -c Release --project tests/Edge.Benchmarks -- &lt;suite&gt; [--json FILE]
/// Each suite prints its figures beside a baseline measured in the same run
/// and can write them as one flat JSON object of named numbers.
/// </summary>
internal static class BenchmarkProgram
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Dictionary<string, Func<Task<IReadOnlyDictionary<string, double>>>> Suites = new(StringComparer.Ordinal)
    {
        ["placement"] = PlacementSuite.RunAsync,
        ["telemetry"] = TelemetrySuite.RunAsync,
        ["scheduler"] = SchedulerSuite.RunAsync,
        ["runtime"] = RuntimeSuite.RunAsync,
        ["runtime-usage"] = RuntimeSuite.UsageAsync,
        ["runtime-invoke"] = RuntimeSuite.InvokeSuiteAsync,
        ["runtime-saturation"] = RuntimeSuite.SaturationSuiteAsync,
        ["runtime-idle"] = RuntimeSuite.IdleSuiteAsync,
        ["runtime-logs"] = RuntimeLogSuite.RunAsync,
        ["fleet"] = FleetSuite.RunAsync,
        ["fleet-apply"] = FleetApplySuite.RunAsync,
        ["fleet-real"] = FleetRealSuite.RunAsync,
        ["autoscaler"] = AutoscalerSuite.RunAsync,
        ["hpa-loop"] = HpaLoopSuite.RunAsync,
        ["scaletozero"] = ScaleToZeroSuite.RunAsync,
        ["events"] = EventLogSuite.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !Suites.TryGetValue(args[0], out var suite))
        {
            await Console.Error.WriteLineAsync($"usage: Edge.Benchmarks <suite> [--json FILE]\nsuites: {string.Join(", ", Suites.Keys)}");
            return 2;
        }

        string? json = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--json" && i + 1 < args.Length)
            {
                json = args[++i];
            }
            else
            {
                await Console.Error.WriteLineAsync($"unknown argument '{args[i]}'");
                return 2;
            }
        }

        var figures = await suite();
        foreach (var (name, value) in figures)
        {
            await Console.Out.WriteLineAsync($"{name,-48} {value.ToString("0.###", CultureInfo.InvariantCulture),16}");
        }

        if (json is not null)
        {
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(BenchmarkNotes.ForJson(figures), Indented));
            await Console.Out.WriteLineAsync($"wrote {json}");
        }

        return 0;
    }
}
