using System.Diagnostics;
using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Benchmarks;

/// <summary>
/// Real agents: N published Native AOT edge-agent processes (artifacts/publish/linux-x64/edge-agent,
/// `dotnet cake --target=Publish`), each with its own data directory, LiteDB state, Wasmtime engine,
/// Connect stream and MQTT session, against one real controller process. Each round applies a global
/// workload new to every agent (samples/hello) and times ApplyWorkload → the controller counting it
/// Running on every agent (admin API). Baseline in the same run, alternated round by round: the same
/// apply to N simulated nodes (tests/Edge.FleetSim, one process) on the same controller, timed the
/// same way — the same controller work, stream writes and reports, without the agent's own work
/// (store the desired state, fetch and compile the module, instantiate with Wasmtime).
/// The first round on the agents compiles the module on each of them and is reported apart.
/// EDGE_BENCH_FLEET_REAL_AGENTS (default 50), EDGE_BENCH_FLEET_REAL_ROUNDS (default 10).
/// </summary>
internal static class FleetRealSuite
{
    private const string RealLabel = "real";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_FLEET_REAL_AGENTS"), out var n) ? n : 50;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_FLEET_REAL_ROUNDS"), out var r) ? r : 10;
        var program = FleetRig.InRepo(Path.Combine("artifacts", "publish", "linux-x64", "edge-agent", "edge-agent"));
        if (!File.Exists(program))
        {
            throw new FileNotFoundException($"{program} is missing: publish the agent first (`dotnet cake --target=Publish`, Native AOT with clang-14, lld-14, llvm-objcopy-14)");
        }

        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["load_average_1m_before"] = SchedulerSuite.LoadAverage() };
        using var rig = new FleetRig();
        await rig.StartControllerAsync();
        var agents = new List<ChildLines>(count);
        try
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                agents.Add(ChildLines.StartProgram(program,
                [
                    "run",
                    "--controller", rig.ControllerUrl,
                    "--node-name", $"agent-{i:D3}",
                    "--data-dir", Path.Combine(rig.Dir, $"agent-{i:D3}"),
                    "--status-listen", $"http://127.0.0.1:{FleetRig.FreePort()}",
                    "--labels", $"fleet={RealLabel}",
                    "--log-format", "json",
                ], keepLines: false));
            }

            await rig.GrowToAsync(count);
            await Poll.UntilAsync(async () => Ready(await rig.NodesAsync()) == 2 * count, Bound,
                $"{count} agents and {count} simulated nodes Ready", () => string.Join("\n", agents.Where(a => a.HasExited).Take(3).Select(a => a.Tail)), TimeSpan.FromSeconds(1));
            Log($"{count} agents and {count} simulated nodes Ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
            figures["agents"] = count;
            figures["simulated_nodes"] = count;
            figures["agents_rss_mb_mean_idle"] = agents.Average(a => ProcUsage.Read(a.Pid).RssKb) / 1024.0;

            var real = new List<double>();
            var sim = new List<double>();
            var realAll = new List<double>();
            var simAll = new List<double>();
            var agentView = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                // Alternate which goes first so that load from elsewhere on the machine hits both alike.
                var order = round % 2 == 0 ? new[] { RealLabel, "sim" } : ["sim", RealLabel];
                foreach (var fleet in order)
                {
                    var name = $"{fleet}-{round}";
                    var (seen, t0) = await ApplyAsync(rig, name, fleet, count);
                    if (fleet == RealLabel)
                    {
                        var since = (await rig.NodesAsync()).SelectMany(x => x.Workloads).Where(w => w.Name == name)
                            .Select(w => (w.Since.ToDateTimeOffset() - t0).TotalMilliseconds).ToList();
                        if (round == 0)
                        {
                            // The module is new to every agent: each fetches it, compiles it and stores the compiled form.
                            figures["first_apply_to_running_p50_ms"] = Percentiles.Of(seen.Latencies, 50);
                            figures["first_apply_to_running_p99_ms"] = Percentiles.Of(seen.Latencies, 99);
                            figures["first_apply_to_running_agent_view_p99_ms"] = Percentiles.Of(since, 99);
                        }
                        else
                        {
                            real.AddRange(seen.Latencies);
                            realAll.Add(seen.AllMs);
                            agentView.AddRange(since);
                        }
                    }
                    else if (round > 0)
                    {
                        sim.AddRange(seen.Latencies);
                        simAll.Add(seen.AllMs);
                    }

                    Log($"round {round} {fleet}: {count} Running at the controller after {seen.AllMs:0} ms (p50 {Percentiles.Of(seen.Latencies, 50):0} ms)");
                    await rig.DeleteAsync(name);
                    await Poll.UntilAsync(async () => (await rig.NodesAsync()).All(x => x.Workloads.All(w => w.Name != name)), Bound,
                        $"every node stopped {name}", every: TimeSpan.FromMilliseconds(100));
                }
            }

            figures["rounds"] = rounds;
            figures["apply_to_running_p50_ms"] = Percentiles.Of(real, 50);
            figures["apply_to_running_p99_ms"] = Percentiles.Of(real, 99);
            figures["apply_to_all_running_median_ms"] = Percentiles.Of(realAll, 50);
            figures["baseline_sim_apply_to_running_p50_ms"] = Percentiles.Of(sim, 50);
            figures["baseline_sim_apply_to_running_p99_ms"] = Percentiles.Of(sim, 99);
            figures["baseline_sim_apply_to_all_running_median_ms"] = Percentiles.Of(simAll, 50);
            figures["apply_to_running_p99_over_baseline_ratio"] = figures["apply_to_running_p99_ms"] / figures["baseline_sim_apply_to_running_p99_ms"];
            figures["apply_to_running_agent_view_p50_ms"] = Percentiles.Of(agentView, 50);
            figures["apply_to_running_agent_view_p99_ms"] = Percentiles.Of(agentView, 99);
            figures["agents_rss_mb_mean_after"] = agents.Average(a => ProcUsage.Read(a.Pid).RssKb) / 1024.0;
            figures["load_average_1m_after"] = SchedulerSuite.LoadAverage();
            BenchmarkNotes.Describe("apply_to_running_p50_ms", $"{count} Native AOT agents, rounds 1..{rounds} pooled (module already compiled on each agent); a global workload new to every agent each round; " + ControllerView.Note(ControllerView.Fine));
            BenchmarkNotes.Describe("first_apply_to_running_p50_ms", "round 0 on the agents: the module is new to each, fetched with GetModule, compiled by Wasmtime and cached; " + ControllerView.Note(ControllerView.Fine));
            BenchmarkNotes.Describe("baseline_sim_apply_to_running_p50_ms", $"the same apply, same controller, same rounds, to {count} simulated nodes (no store, no Wasmtime), timed the same way");
            BenchmarkNotes.Describe("apply_to_running_agent_view_p50_ms", "per agent, WorkloadStatus.since (the agent clock when it started the workload, same machine) minus the start of the apply");
            return figures;
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }
        }
    }

    /// <summary>Applies a global workload to the nodes labelled fleet=<paramref name="fleet"/>; returns the controller's view and the wall-clock start.</summary>
    private static async Task<(ControllerView.Observed Seen, DateTimeOffset Start)> ApplyAsync(FleetRig rig, string name, string fleet, int count)
    {
        var t0 = TimeProvider.System.GetUtcNow();
        var start = Stopwatch.GetTimestamp();
        var apply = rig.ApplyAsync(name, name, request => request.NodeSelector["fleet"] = fleet);
        var seen = await ControllerView.UntilRunningAsync(rig.Admin, name, count, start, Bound, ControllerView.Fine);
        var response = await apply;
        return response.NodesTargeted == count ? (seen, t0) : throw new InvalidOperationException($"{name} targets {response.NodesTargeted} nodes, not {count}");
    }

    private static int Ready(IReadOnlyList<Node> nodes) => nodes.Count(n => n.Condition == NodeCondition.Ready);

    private static void Log(string message) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[fleet-real] {message}"));
}
