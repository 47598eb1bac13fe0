using System.Diagnostics;
using Edge.Controller.Autoscaling;
using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Benchmarks;

/// <summary>
/// The controller's workload autoscaler pass (HorizontalAutoscalers.Sync, what the loop runs each
/// sync period): 1,000 autoscalers over 1,000 workloads of 10 replicas on 10,000 nodes, each
/// reading a minute of invocations/s samples from the telemetry series, deciding, and keeping its
/// state and history. Baseline in the same run: the pure decisions alone over the same metrics,
/// already gathered. The ratio is what reading FleetState and the series costs.
/// </summary>
internal static class HpaLoopSuite
{
    private const int NodeCount = 10_000;
    private const int WorkloadCount = 1_000;
    private const int ReplicasPerWorkload = 10;
    private static readonly string Digest = "sha256:" + new string('a', 64);

    public static Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "edge-bench-hpa-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            return Task.FromResult<IReadOnlyDictionary<string, double>>(Run(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<string, double> Run(string dir)
    {
        var figures = new Dictionary<string, double>
        {
            ["load_average_1m_before"] = SchedulerSuite.LoadAverage(),
            ["nodes"] = NodeCount,
            ["autoscalers"] = WorkloadCount,
        };
        var setup = Stopwatch.StartNew();
        using var store = new LiteDbFleetStore(Path.Combine(dir, "fleet.db"));
        var time = TimeProvider.System;
        var options = Options.Create(new ControllerOptions());
        var fleet = new FleetState(store, time, options, NullLogger<FleetState>.Instance);
        var facts = new NodeFactsRecord { Arch = "arm64", Os = "linux", CpuMillicores = 4000, MemoryBytes = 8L << 30, Labels = [] };
        var sessions = new Dictionary<string, NodeSession>(StringComparer.Ordinal);
        for (var n = 0; n < NodeCount; n++)
        {
            var name = $"n{n:00000}";
            sessions[name] = fleet.Connect(name, facts, 0, [], "bench").Session;
        }

        for (var w = 0; w < WorkloadCount; w++)
        {
            fleet.ApplyWorkload(new WorkloadRecord
            {
                Id = $"w{w:0000}",
                ModuleDigest = Digest,
                Placement = new WorkloadPlacementRecord { Mode = PlacementMode.Replicated, Replicas = ReplicasPerWorkload, CpuMillis = 250, MemoryBytes = 256L << 20 },
            });
        }

        // Every node runs what it was given and has reported a minute of samples at 10 s.
        var onNode = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var w = 0; w < WorkloadCount; w++)
        {
            foreach (var r in fleet.AutoscaleTargetOf($"w{w:0000}")!.Placed)
            {
                (onNode.TryGetValue(r.Node, out var list) ? list : onNode[r.Node] = []).Add($"w{w:0000}");
            }
        }

        var series = new TelemetrySeriesStore(options);
        var random = new Random(42);
        var now = time.GetUtcNow();
        foreach (var (node, workloads) in onNode)
        {
            fleet.ReportStatus(sessions[node], 0, [.. workloads.Select(w => new ObservedWorkload(w, ObservedPhase.Running, "", Digest, now, 0, 0))]);
            var rates = workloads.Select(_ => 47.5 + (random.NextDouble() * 5)).ToList(); // within tolerance of the target 50
            for (var s = 0; s <= 6; s++)
            {
                series.For(node).Record(new IngestedSample((ulong)s + 1, now.AddSeconds(-60 + (10 * s)), 0.5, 1, 2, 0, 0, 0, 0, 0, workloads.Count,
                    [.. workloads.Select((w, i) => new IngestedWorkload(w, (ulong)(rates[i] * 10 * s), 0, 2, 4, 1, 0, 0))]));
            }
        }

        var autoscalers = new HorizontalAutoscalers(
            store, fleet, series, time, Options.Create(new HorizontalAutoscalingOptions()), NullLogger<HorizontalAutoscalers>.Instance);
        var specs = new List<AutoscalerSpec>();
        for (var w = 0; w < WorkloadCount; w++)
        {
            var spec = new AutoscalerSpec
            {
                Workload = $"w{w:0000}",
                MinReplicas = 1,
                MaxReplicas = 100,
                Metrics = [new MetricSpec { Source = MetricSourceType.Pods, Name = "invocations_per_s", TargetType = MetricTargetType.AverageValue, Target = 50 }],
            };
            specs.Add(spec);
            autoscalers.Apply(spec.Workload, "", spec);
        }

        figures["setup_s"] = setup.Elapsed.TotalSeconds;

        // The same metrics, gathered once, for the baseline of pure decisions.
        var observed = specs.Select(s => WorkloadMetricSource.Read(fleet.AutoscaleTargetOf(s.Workload)!, series, TimeSpan.FromMinutes(1), now, s)).ToList();
        var state = AutoscalerState.Empty;
        var rescaled = 0;
        var (pass, pure) = AutoscalerSuite.Alternating(
            () => rescaled = autoscalers.Sync(),
            () =>
            {
                var at = time.GetUtcNow();
                for (var i = 0; i < specs.Count; i++)
                {
                    WorkloadAutoscaler.Decide(specs[i], observed[i], state, QuotaHeadroom.Unlimited, at);
                }
            });

        figures["controller_hpa_pass_ms"] = pass;
        figures["controller_hpa_pass_baseline_pure_decisions_ms"] = pure;
        figures["controller_hpa_pass_over_baseline_ratio"] = pass / pure;
        figures["controller_hpa_workloads_rescaled_last_pass"] = rescaled;
        figures["load_average_1m_after"] = SchedulerSuite.LoadAverage();
        return figures;
    }
}
