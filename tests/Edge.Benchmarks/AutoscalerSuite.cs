using System.Diagnostics;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Benchmarks;

/// <summary>
/// The autoscalers' decision paths at fleet scale, each beside a baseline measured in the same run:
/// one HPA pass over 1,000 workloads (10,000 replicas on 10,000 nodes) against the bare
/// ceil(current × ratio) arithmetic; an unschedulable replica through placement, the node
/// autoscaler's group simulation and the provider request against the failing placement alone;
/// a workload woken from 0 to 100 replicas decided and placed in process against the plain
/// placement of 100 replicas; and 0 → 100 replicas through a real controller process with
/// simulated nodes (tests/Edge.FleetSim) until the controller counts 100 Running, against the
/// apply of a new 100-replica workload on the same controller.
/// EDGE_BENCH_AUTOSCALER_NODES (simulated nodes, default 1000), EDGE_BENCH_AUTOSCALER_ROUNDS (default 7).
/// </summary>
internal static class AutoscalerSuite
{
    private const int NodeCount = 10_000;
    private const int WorkloadCount = 1_000;
    private const int ReplicasPerWorkload = 10;
    private const string Burst = "burst";
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var figures = new Dictionary<string, double>
        {
            ["load_average_1m_before"] = SchedulerSuite.LoadAverage(),
            ["nodes"] = NodeCount,
            ["workloads"] = WorkloadCount,
        };
        HpaPass(figures);
        ScaleUpRequest(figures);
        ZeroToHundredDecided(figures);
        await ZeroToHundredThroughControllerAsync(figures);
        figures["load_average_1m_after"] = SchedulerSuite.LoadAverage();
        return figures;
    }

    private static void HpaPass(Dictionary<string, double> figures)
    {
        // 1,000 workloads of 10 replicas placed on 10,000 nodes; each replica reports CPU and invocations/s.
        var cache = Cache(NodeCount, new ResourceAmount(4000, 8L << 30));
        var engine = new PlacementEngine(cache);
        var random = new Random(42);
        var specs = new List<AutoscalerSpec>(WorkloadCount);
        var snapshots = new List<WorkloadMetrics>(WorkloadCount);
        var states = new List<AutoscalerState>(WorkloadCount);
        for (var w = 0; w < WorkloadCount; w++)
        {
            var workload = new PlacementWorkload { Name = $"w{w:0000}", Replicas = ReplicasPerWorkload, Requests = new ResourceAmount(250, 256L << 20) };
            engine.Reconcile(workload);
            var load = 20 + random.Next(160); // percent of target, so some scale up, some down, some stay
            var replicas = cache.AssignmentsOf(workload.Name)
                .Select(a => new ReplicaSample($"{a.Workload}#{a.Ordinal}", true, new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    ["cpu"] = 250 * 0.7 * load / 100 * (0.9 + (random.NextDouble() * 0.2)),
                    ["invocations"] = 50.0 * load / 100,
                }))
                .ToList();
            snapshots.Add(new WorkloadMetrics { CurrentReplicas = ReplicasPerWorkload, Requests = workload.Requests, Replicas = replicas });
            specs.Add(new AutoscalerSpec
            {
                Workload = workload.Name,
                MinReplicas = 1,
                MaxReplicas = 100,
                Metrics =
                [
                    new MetricSpec { Source = MetricSourceType.Resource, Name = MetricSpec.Cpu, TargetType = MetricTargetType.Utilization, Target = 70 },
                    new MetricSpec { Source = MetricSourceType.Pods, Name = "invocations", TargetType = MetricTargetType.AverageValue, Target = 50 },
                ],
            });

            // A minute of history at 15 s syncs, as a running controller would hold.
            var state = AutoscalerState.Empty;
            for (var s = 4; s >= 1; s--)
            {
                state = WorkloadAutoscaler.Decide(specs[^1], snapshots[^1], state, QuotaHeadroom.Unlimited, Now.AddSeconds(-15 * s)).State;
            }

            states.Add(state);
        }

        // Baseline: the bare arithmetic, ceil(current × mean usage / target) per metric, max; no tolerance,
        // missing-metric rules, window, policy or reasons. Alternated with the pass so machine load hits both alike.
        var scaled = 0;
        var sum = 0L;
        var (hpa, plain) = Alternating(
            () =>
            {
                scaled = 0;
                for (var i = 0; i < specs.Count; i++)
                {
                    if (WorkloadAutoscaler.Decide(specs[i], snapshots[i], states[i], QuotaHeadroom.Unlimited, Now).Rescale)
                    {
                        scaled++;
                    }
                }
            },
            () =>
            {
                sum = 0;
                for (var i = 0; i < specs.Count; i++)
                {
                    var m = snapshots[i];
                    var cpu = m.Replicas.Average(r => r.Values["cpu"]) / 250 * 100 / 70;
                    var rps = m.Replicas.Average(r => r.Values["invocations"]) / 50;
                    sum += (long)Math.Ceiling(m.CurrentReplicas * Math.Max(cpu, rps));
                }
            });

        figures["hpa_pass_ms"] = hpa;
        figures["hpa_pass_baseline_plain_ratio_ms"] = plain;
        figures["hpa_pass_over_baseline_ratio"] = hpa / plain;
        figures["hpa_workloads_rescaled"] = scaled;
    }

    private static void ScaleUpRequest(Dictionary<string, double> figures)
    {
        // 10,000 nodes with 3,800m of 4,000m requested: a 500m replica fits nowhere.
        var cache = Cache(NodeCount, new ResourceAmount(4000, 8L << 30), groupEvery: 2);
        var filler = new PlacementWorkload { Name = "filler", Replicas = NodeCount, Requests = new ResourceAmount(3800, 1L << 30) };
        var engine = new PlacementEngine(cache);
        engine.Reconcile(filler);
        var groups = new[]
        {
            Group("pi", new ResourceAmount(4000, 4L << 30), priority: 0),
            Group("nuc", new ResourceAmount(8000, 16L << 30), priority: 5),
            Group("vm", new ResourceAmount(16000, 32L << 30), priority: 5),
        };
        var workloads = new Dictionary<string, PlacementWorkload>(StringComparer.Ordinal) { ["filler"] = filler };
        var options = new NodeAutoscalerOptions { Expanders = [Expander.Priority, Expander.LeastWaste] };
        var requests = 0;
        var workload = new PlacementWorkload { Name = "api", Requests = new ResourceAmount(500, 512L << 20) };
        var decide = Measure.MedianMilliseconds(() =>
        {
            var input = new NodeAutoscalerInput { Cache = cache, Groups = groups, Pending = [new PendingReplicas(workload, 1)], Workloads = workloads };
            NodeAutoscaler.Decide(input, NodeAutoscalerState.Empty, options, Now, new Random(1));
        });
        figures["scaleup_node_autoscaler_decide_ms"] = decide;
        // Alternate the two so load from elsewhere on the machine hits both alike.
        engine.Place(workload, 1);
        var (request, attempt) = Alternating(
            () =>
            {
                // The HPA added a replica: placement fails over 10,000 nodes, the node autoscaler simulates
                // each group's template, picks one and the provider is asked.
                var provider = new SimulatedNodeGroupProvider(TimeSpan.FromSeconds(30), 0, new Random(1));
                var placed = engine.Place(workload, 1);
                var input = new NodeAutoscalerInput { Cache = cache, Groups = groups, Pending = [new PendingReplicas(workload, placed.UnplacedCount)], Workloads = workloads };
                var decision = NodeAutoscaler.Decide(input, NodeAutoscalerState.Empty, options, Now, new Random(1));
                foreach (var up in decision.ScaleUps)
                {
                    provider.IncreaseSize(groups.First(g => g.Name == up.Group), up.Nodes, Now);
                }

                requests = provider.Requests;
            },
            () => engine.Place(workload, 1));

        // A workload seen for the first time: placement also builds its index over the 10,000 nodes.
        var n = 0;
        var fresh = Measure.MedianMilliseconds(() =>
        {
            var provider = new SimulatedNodeGroupProvider(TimeSpan.FromSeconds(30), 0, new Random(1));
            var created = workload with { Name = $"new-{n++}" };
            var placed = engine.Place(created, 1);
            var input = new NodeAutoscalerInput { Cache = cache, Groups = groups, Pending = [new PendingReplicas(created, placed.UnplacedCount)], Workloads = workloads };
            var decision = NodeAutoscaler.Decide(input, NodeAutoscalerState.Empty, options, Now, new Random(1));
            provider.IncreaseSize(groups.First(g => g.Name == decision.ScaleUps[0].Group), decision.ScaleUps[0].Nodes, Now);
            engine.Forget(created.Name);
        });
        figures["scaleup_request_new_workload_ms"] = fresh;
        if (requests != 1)
        {
            throw new InvalidOperationException($"expected one provider request, got {requests}");
        }

        figures["scaleup_request_ms"] = request;
        figures["scaleup_baseline_failed_placement_ms"] = attempt;
        figures["scaleup_over_baseline_ratio"] = request / attempt;
    }

    /// <summary>The decision and the placement of 0 → 100 replicas in process: what the controller does before any node hears of it.</summary>
    private static void ZeroToHundredDecided(Dictionary<string, double> figures)
    {
        var cache = Cache(NodeCount, new ResourceAmount(4000, 8L << 30));
        var engine = new PlacementEngine(cache);
        var workload = new PlacementWorkload { Name = Burst, Replicas = 0, Requests = new ResourceAmount(250, 128L << 20) };
        var spec = new AutoscalerSpec
        {
            Workload = workload.Name,
            MinReplicas = 0,
            MaxReplicas = 100,
            Metrics = [new MetricSpec { Source = MetricSourceType.External, Name = "queue", TargetType = MetricTargetType.AverageValue, Target = 10 }],
            ScaleUp = new ScalingRules { Policies = [new ScalingPolicy(ScalingPolicyType.Pods, 100, 15)] },
        };
        var woken = new WorkloadMetrics
        {
            CurrentReplicas = 0,
            Requests = workload.Requests,
            PendingInvocations = 1,
            External = new Dictionary<string, double>(StringComparer.Ordinal) { ["queue"] = 1000 },
        };
        engine.Reconcile(workload); // the cold placement: the engine knows the workload at 0 replicas

        var placed = 0;
        var full = MeasureWithReset(
            () =>
            {
                var decision = WorkloadAutoscaler.Decide(spec, woken, AutoscalerState.Empty, QuotaHeadroom.Unlimited, Now);
                placed = engine.Reconcile(workload with { Replicas = decision.DesiredReplicas }).Replicas.Count(r => r.Placed);
            },
            () => Reset(cache, workload.Name));
        if (placed != 100)
        {
            throw new InvalidOperationException($"expected 100 replicas placed, got {placed}");
        }

        var plain = MeasureWithReset(() => engine.Place(workload, 100), () => Reset(cache, workload.Name));
        figures["zero_to_100_decide_and_place_ms"] = full;
        figures["zero_to_100_decide_and_place_baseline_plain_placement_ms"] = plain;
        figures["zero_to_100_decide_and_place_over_baseline_ratio"] = full / plain;
    }

    /// <summary>
    /// A replicated workload at 0 replicas on a real controller with simulated nodes is scaled to 100
    /// through the admin API (ScaleWorkload: the fleet's scale path, the one the autoscaler's pass takes
    /// when its decision changes the count); the clock runs until the controller counts 100 replicas
    /// Running from the nodes' reports. Baseline, alternated round by round: ApplyWorkload of a new
    /// workload of 100 replicas, timed the same way (placement, store, stream writes, reports).
    /// </summary>
    private static async Task ZeroToHundredThroughControllerAsync(Dictionary<string, double> figures)
    {
        var nodes = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_AUTOSCALER_NODES"), out var n) ? n : 1000;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_AUTOSCALER_ROUNDS"), out var r) ? r : 7;
        using var rig = new FleetRig();
        await rig.StartControllerAsync();
        await rig.GrowToAsync(nodes);
        await Poll.UntilAsync(async () => (await rig.NodesAsync()).Count(x => x.Condition == Edge.Protos.V1.NodeCondition.Ready) == nodes, Bound,
            $"{nodes} simulated nodes Ready", every: TimeSpan.FromSeconds(1));
        await rig.ApplyAsync(Burst, "burst", Replicated(0));

        var scaled = new List<double>();
        var scaledSimView = new List<double>();
        var applied = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var fresh = $"{Burst}-apply-{round}";
            for (var turn = 0; turn < 2; turn++)
            {
                var t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
                var start = Stopwatch.GetTimestamp();
                if ((turn == 0) == (round % 2 == 0))
                {
                    var scale = rig.Admin.ScaleWorkloadAsync(new Edge.Protos.V1.ScaleWorkloadRequest { Name = Burst, Replicas = 100 }, deadline: FleetRig.Deadline()).ResponseAsync;
                    var seen = await ControllerView.UntilRunningAsync(rig.Admin, Burst, 100, start, Bound, ControllerView.Fine);
                    await scale;
                    var reported = (await rig.RunningReportedAtAsync(Burst)).Where(t => t >= t0).ToList();
                    if (round > 0)
                    {
                        scaled.Add(seen.AllMs);
                        scaledSimView.Add(reported.Count == 100 ? reported.Max() - t0 : double.NaN);
                    }

                    await rig.Admin.ScaleWorkloadAsync(new Edge.Protos.V1.ScaleWorkloadRequest { Name = Burst, Replicas = 0 }, deadline: FleetRig.Deadline());
                    await NoneRunAsync(rig, Burst);
                }
                else
                {
                    var apply = rig.ApplyAsync(fresh, fresh, Replicated(100));
                    var seen = await ControllerView.UntilRunningAsync(rig.Admin, fresh, 100, start, Bound, ControllerView.Fine);
                    await apply;
                    if (round > 0)
                    {
                        applied.Add(seen.AllMs);
                    }

                    await rig.DeleteAsync(fresh);
                    await NoneRunAsync(rig, fresh);
                }
            }
        }

        figures["zero_to_100_simulated_nodes"] = nodes;
        figures["zero_to_100_rounds"] = rounds;
        figures["zero_to_100_replicas_ms"] = Percentiles.Of(scaled, 50);
        figures["zero_to_100_replicas_max_ms"] = scaled.Max();
        figures["zero_to_100_sim_view_ms"] = Percentiles.Of(scaledSimView, 50);
        figures["zero_to_100_baseline_apply_100_ms"] = Percentiles.Of(applied, 50);
        figures["zero_to_100_over_baseline_ratio"] = figures["zero_to_100_replicas_ms"] / figures["zero_to_100_baseline_apply_100_ms"];
        BenchmarkNotes.Describe("zero_to_100_replicas_ms", $"median of {rounds} rounds: ScaleWorkload 0 to 100 of a replicated workload on a real controller with {nodes} simulated nodes, until the controller counts 100 Running (the HPA decision itself is zero_to_100_decide_and_place_ms; the wait for the sync period is not in it); " + ControllerView.Note(ControllerView.Fine));
        BenchmarkNotes.Describe("zero_to_100_sim_view_ms", "the same scale, clock stopped when the write of the last simulated node Running report returned on that node (median of rounds, whole ms)");
        BenchmarkNotes.Describe("zero_to_100_baseline_apply_100_ms", "ApplyWorkload of a new 100-replica workload on the same controller and nodes, alternated with the scale, timed the same way (median of rounds)");
    }

    private static Action<Edge.Protos.V1.ApplyWorkloadRequest> Replicated(int replicas) => request =>
    {
        request.Mode = Edge.Protos.V1.WorkloadMode.Replicated;
        request.Replicas = replicas;
    };

    /// <summary>
    /// Waits, untimed, until no node reports the workload Running (a workload scaled to 0 may stay
    /// held cold on one node, as scale to zero keeps it), so the next round starts from nothing Running.
    /// </summary>
    private static async Task NoneRunAsync(FleetRig rig, string workload)
    {
        IReadOnlyList<Edge.Protos.V1.Node> seen = [];
        await Poll.UntilAsync(async () =>
        {
            seen = await rig.NodesAsync();
            return !seen.Any(x => x.Workloads.Any(w => w.Name == workload && w.Phase == Edge.Protos.V1.WorkloadPhase.Running && !w.Cold));
        }, Bound, $"no node runs {workload}", () => string.Join("; ", seen.SelectMany(x => x.Workloads.Where(w => w.Name == workload).Select(w => $"{x.Name}: {w.Phase} cold={w.Cold}")).Take(5)),
            TimeSpan.FromMilliseconds(100));
    }

    private static void Reset(ClusterCache cache, string workload)
    {
        foreach (var a in cache.AssignmentsOf(workload))
        {
            cache.Unassign(a.Workload, a.Ordinal);
        }
    }

    /// <summary>Medians of two actions run in turn, after warm-ups.</summary>
    internal static (double A, double B) Alternating(Action a, Action b, int warmups = 3, int runs = 31)
    {
        for (var i = 0; i < warmups; i++)
        {
            a();
            b();
        }

        var samplesA = new double[runs];
        var samplesB = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            a();
            samplesA[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            b();
            samplesB[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samplesA);
        Array.Sort(samplesB);
        return (samplesA[runs / 2], samplesB[runs / 2]);
    }

    /// <summary>Median of runs with an untimed reset before each.</summary>
    private static double MeasureWithReset(Action run, Action reset, int warmups = 3, int runs = 15)
    {
        for (var i = 0; i < warmups; i++)
        {
            reset();
            run();
        }

        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            reset();
            var start = Stopwatch.GetTimestamp();
            run();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        reset();
        Array.Sort(samples);
        return samples[runs / 2];
    }

    private static ClusterCache Cache(int nodes, ResourceAmount allocatable, int groupEvery = 0)
    {
        var cache = new ClusterCache();
        for (var i = 0; i < nodes; i++)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["zone"] = $"z{i % 20}" };
            if (groupEvery > 0 && i % groupEvery == 0)
            {
                labels[NodeGroup.Label] = "pi";
            }

            cache.UpsertNode(new PlacementNode { Name = $"node-{i:00000}", Labels = labels, Allocatable = allocatable });
        }

        return cache;
    }

    private static NodeGroup Group(string name, ResourceAmount allocatable, int priority) => new()
    {
        Name = name,
        MaxSize = 20_000,
        Priority = priority,
        Template = new PlacementNode { Name = name, Allocatable = allocatable },
    };
}
