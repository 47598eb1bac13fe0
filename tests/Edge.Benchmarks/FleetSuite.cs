using System.Diagnostics;
using System.Globalization;
using Edge.Protos.V1;

namespace Edge.Benchmarks;

/// <summary>
/// Thousands of simulated nodes (tests/Edge.FleetSim) against a real
/// controller process: controller CPU and RSS at each fleet size against the
/// idle controller measured first in the same run; apply → Running as the
/// controller counts it (admin API) beside the simulators' own view of the same
/// apply; disconnect detection and reconnect reconciliation. See docs/benchmarks/fleet.md.
/// EDGE_BENCH_FLEET_SIZES (default 1000,2500,5000,10000), EDGE_BENCH_FLEET_WINDOW_S
/// (steady-state window, default 30), EDGE_BENCH_FLEET_DATA (a folder for the plot data).
/// </summary>
internal static class FleetSuite
{
    private const string Base = "fleet-base";
    private const string Probe = "fleet-probe";
    private const string Replicated = "fleet-replicas";
    private const int Returning = 1000;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var sizes = (Environment.GetEnvironmentVariable("EDGE_BENCH_FLEET_SIZES") ?? "1000,2500,5000,10000")
            .Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray();
        var window = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_FLEET_WINDOW_S"), out var w) ? w : 30);
        var dataDir = Environment.GetEnvironmentVariable("EDGE_BENCH_FLEET_DATA");
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["load_average_1m_before"] = SchedulerSuite.LoadAverage() };
        using var rig = new FleetRig();
        await rig.StartControllerAsync();
        Log($"controller pid {rig.ControllerPid} on {rig.ControllerUrl}, broker port {rig.MqttPort}");

        // One global workload every node runs from its hello on, so steady state includes a workload.
        await rig.ApplyAsync(Base, "base");
        await Task.Delay(Settle);
        var idle = await SteadyAsync(rig, window);
        figures["baseline_controller_idle_mcpu"] = idle.Mcpu;
        figures["baseline_controller_idle_rss_kb"] = idle.RssKb;
        Log($"idle controller: {idle.Mcpu:0.0} mCPU, {idle.RssKb / 1024.0:0.0} MiB");

        var scaling = new List<string>
        {
            "# nodes controller_mcpu controller_rss_mib mcpu_per_node kb_per_node sim_mcpu global_p50_ms global_p99_ms global_sim_view_p50_ms global_sim_view_p99_ms",
            string.Create(CultureInfo.InvariantCulture, $"0 {idle.Mcpu:0.0} {idle.RssKb / 1024.0:0.0} ? ? ? ? ? ? ?"),
        };
        ApplyRun? global = null;
        foreach (var size in sizes)
        {
            var grown = TimeProvider.System.GetTimestamp();
            await rig.GrowToAsync(size);
            await Poll.UntilAsync(async () => Ready(await rig.NodesAsync()).Count == size, Bound, $"{size} nodes Ready", every: TimeSpan.FromSeconds(1));
            await Poll.UntilAsync(async () => (await rig.ReportAsync()).GetValueOrDefault("mqttConnected") >= size, Bound, $"{size} MQTT sessions publishing", every: TimeSpan.FromSeconds(1));
            Log($"{size} nodes Ready and publishing after {TimeProvider.System.GetElapsedTime(grown).TotalSeconds:0.0} s");
            await Task.Delay(Settle);
            var steady = await SteadyAsync(rig, window);

            // A workload new to every node, so the controller's running count starts at 0; deleted after,
            // so the next size's steady state carries the same one workload.
            var probe = $"{Probe}-{size}";
            global = await ApplyToRunningAsync(rig, probe, $"size-{size}", size);
            await rig.DeleteAsync(probe);
            var prefix = $"nodes_{size}_";
            figures[prefix + "controller_mcpu"] = steady.Mcpu;
            figures[prefix + "controller_rss_kb"] = steady.RssKb;
            figures[prefix + "controller_open_files"] = steady.OpenFiles;
            figures[prefix + "sim_mcpu"] = steady.SimMcpu;
            global.Write(figures, prefix + "global_apply_");
            var perNodeMcpu = (steady.Mcpu - idle.Mcpu) / size;
            var perNodeKb = (steady.RssKb - idle.RssKb) / size;
            scaling.Add(string.Create(CultureInfo.InvariantCulture,
                $"{size} {steady.Mcpu:0.0} {steady.RssKb / 1024.0:0.0} {perNodeMcpu:0.0000} {perNodeKb:0.0} {steady.SimMcpu:0} {global.P(50):0} {global.P(99):0} {global.SimP(50):0} {global.SimP(99):0}"));
            Log($"{size} nodes: controller {steady.Mcpu:0.0} mCPU ({perNodeMcpu:0.0000}/node), {steady.RssKb / 1024.0:0.0} MiB ({perNodeKb:0.0} KB/node), "
                + $"{steady.OpenFiles} open files; simulators {steady.SimMcpu:0} mCPU; global apply → Running {global}");
        }

        var nodes = rig.Nodes;
        figures["nodes"] = Ready(await rig.NodesAsync()).Count;
        figures["controller_mcpu_per_node"] = (figures[$"nodes_{nodes}_controller_mcpu"] - idle.Mcpu) / nodes;
        figures["controller_kb_per_node"] = (figures[$"nodes_{nodes}_controller_rss_kb"] - idle.RssKb) / nodes;
        global!.Write(figures, "global_apply_to_running_");
        BenchmarkNotes.Describe("global_apply_to_running_p50_ms", $"global workload new to all {nodes} nodes; " + ControllerView.Note(ControllerView.Coarse));
        BenchmarkNotes.Describe("global_apply_to_running_sim_view_p50_ms", SimViewNote);
        var replicas = await ApplyToRunningAsync(rig, Replicated, "replicas", nodes, r =>
        {
            r.Mode = WorkloadMode.Replicated;
            r.Replicas = nodes;
            r.AntiAffinity.Add(new AntiAffinityTerm { Workloads = { Replicated }, TopologyKey = "edge.io/hostname" });
        });
        replicas.Write(figures, "apply_to_running_");
        figures["replicas_running_nodes"] = replicas.Controller.Latencies.Count;
        BenchmarkNotes.Describe("apply_to_running_p50_ms", $"replicated workload, {nodes} replicas kept one per node by anti-affinity on edge.io/hostname, applied with ApplyWorkload; " + ControllerView.Note(ControllerView.Coarse));
        BenchmarkNotes.Describe("apply_to_running_sim_view_p50_ms", SimViewNote);
        Log($"{nodes} replicas: apply → Running {replicas}");

        // The probe every node runs before some of them leave, so that it changes while they are away.
        await rig.ApplyAsync(Probe, "before-away");
        await ControllerView.UntilRunningAsync(rig.Admin, Probe, nodes, TimeProvider.System.GetTimestamp(), Bound, ControllerView.Coarse);
        await DisconnectReconnectAsync(rig, nodes, figures);
        figures["load_average_1m_after"] = SchedulerSuite.LoadAverage();

        if (dataDir is not null)
        {
            Directory.CreateDirectory(dataDir);
            await File.WriteAllLinesAsync(Path.Combine(dataDir, "fleet-scaling.dat"), scaling);
            await File.WriteAllLinesAsync(Path.Combine(dataDir, "fleet-latency.dat"),
            [
                .. Cdf($"global apply → Running at the controller, {nodes} nodes", global.Controller.Latencies), "", "",
                .. Cdf($"global apply → Running, simulator view, {nodes} nodes", global.SimView), "", "",
                .. Cdf($"{nodes} replicas apply → Running at the controller", replicas.Controller.Latencies), "", "",
                .. Cdf($"{nodes} replicas apply → Running, simulator view", replicas.SimView),
            ]);
            Log($"wrote {dataDir}/fleet-scaling.dat and fleet-latency.dat");
        }

        return figures;
    }

    private const string SimViewNote = "simulator view: each node stopped its own clock when its write of the Running report on its stream returned "
        + "(under load that continuation may run after the controller took the report), clock from the start of the ApplyWorkload call (whole ms)";

    /// <summary>
    /// Applies a workload and waits until the controller counts it Running on <paramref name="expected"/>
    /// nodes; beside it, the simulators' own view: when each node queued its Running report.
    /// </summary>
    private static async Task<ApplyRun> ApplyToRunningAsync(FleetRig rig, string name, string run, int expected, Action<ApplyWorkloadRequest>? shape = null)
    {
        var t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var start = Stopwatch.GetTimestamp();
        var apply = Timed(() => rig.ApplyAsync(name, run, shape));
        var seen = await ControllerView.UntilRunningAsync(rig.Admin, name, expected, start, Bound, ControllerView.Coarse);
        var applyMs = await apply;
        var reported = (await rig.RunningReportedAtAsync(name)).Where(t => t >= t0).Select(t => (double)(t - t0)).ToList();
        if (reported.Count < expected)
        {
            throw new InvalidOperationException($"the controller counts {expected} replicas of {name} Running, the simulators say {reported.Count} reported it");
        }

        return new ApplyRun(seen, reported, applyMs);
    }

    private static async Task<double> Timed(Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static IEnumerable<string> Cdf(string title, List<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        return [$"# {title}: latency_ms cumulative_fraction", .. sorted.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{l:0} {(i + 1.0) / sorted.Count:0.0000}"))];
    }

    /// <summary>One apply seen from the controller and from the simulators.</summary>
    private sealed record ApplyRun(ControllerView.Observed Controller, List<double> SimView, double ApplyMs)
    {
        public double P(double p) => Percentiles.Of(Controller.Latencies, p);

        public double SimP(double p) => Percentiles.Of(SimView, p);

        public void Write(Dictionary<string, double> figures, string prefix)
        {
            figures[prefix + "p50_ms"] = P(50);
            figures[prefix + "p99_ms"] = P(99);
            figures[prefix + "all_ms"] = Controller.AllMs;
            figures[prefix + "sim_view_p50_ms"] = SimP(50);
            figures[prefix + "sim_view_p99_ms"] = SimP(99);
            figures[prefix + "rpc_ms"] = ApplyMs;
            figures[prefix + "poll_call_median_ms"] = Controller.PollCallMedianMs;
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"at the controller p50 {P(50):0} ms, p99 {P(99):0} ms, all {Controller.AllMs:0} ms (poll call {Controller.PollCallMedianMs:0.0} ms); "
            + $"simulator view p50 {SimP(50):0} ms, p99 {SimP(99):0} ms; ApplyWorkload call {ApplyMs:0} ms");
    }

    /// <summary>
    /// 1,000 nodes stop hard; how long until the admin API shows them all
    /// Disconnected (the grace at its default). While they are away the probe
    /// workload changes; they return together and must reach the new desired
    /// state without any workload started twice.
    /// </summary>
    private static async Task DisconnectReconnectAsync(FleetRig rig, int nodes, Dictionary<string, double> figures)
    {
        var count = Math.Min(Returning, nodes);
        var names = Enumerable.Range(0, count).Select(i => $"sim-{i:D5}").ToHashSet(StringComparer.Ordinal);
        var duplicatesBefore = (await rig.ReportAsync()).GetValueOrDefault("duplicateStarts");
        var stopped = await rig.StopAsync(0, count);
        var down = TimeProvider.System.GetTimestamp();
        await Poll.UntilAsync(async () => (await rig.NodesAsync()).Count(n => names.Contains(n.Name) && n.Condition == NodeCondition.Disconnected) == count,
            TimeSpan.FromMinutes(3), $"{count} stopped nodes shown Disconnected", every: TimeSpan.FromMilliseconds(500));
        figures["disconnect_detect_s"] = TimeProvider.System.GetElapsedTime(down).TotalSeconds;
        figures["disconnect_nodes"] = stopped;
        Log($"{stopped} nodes stopped: all Disconnected after {figures["disconnect_detect_s"]:0.0} s");

        var t0 = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await rig.ApplyAsync(Probe, "while-away");
        await Poll.UntilAsync(async () => (await rig.RunningReportedAtAsync(Probe)).Count(t => t >= t0) >= nodes - count, Bound,
            "the connected nodes run the changed probe", every: TimeSpan.FromMilliseconds(500));

        var back = TimeProvider.System.GetTimestamp();
        await rig.RestartAsync(0, count);
        IReadOnlyList<Node> seen = [];
        await Poll.UntilAsync(async () =>
        {
            seen = [.. (await rig.NodesAsync()).Where(n => names.Contains(n.Name))];
            // Base and Probe, plus the replicated workload when the replicas step placed one on the node: all Running.
            return seen.Count == count && seen.All(n => n.Condition == NodeCondition.Ready && n.AppliedVersion == n.DesiredVersion
                && n.Workloads.Count >= 2 && n.Workloads.All(x => x.Phase == WorkloadPhase.Running)
                && n.Workloads.Any(x => x.Name == Base) && n.Workloads.Any(x => x.Name == Probe));
        }, Bound, $"{count} returning nodes Ready at their desired version", every: TimeSpan.FromMilliseconds(500));
        figures["reconnect_reconcile_s"] = TimeProvider.System.GetElapsedTime(back).TotalSeconds;
        var running = (await rig.RunningReportedAtAsync(Probe)).Count(t => t >= t0);
        var duplicateStarts = (await rig.ReportAsync()).GetValueOrDefault("duplicateStarts") - duplicatesBefore;
        var duplicateNames = seen.Count(n => n.Workloads.Select(x => x.Name).Distinct(StringComparer.Ordinal).Count() != n.Workloads.Count);
        var workloads = (await rig.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: FleetRig.Deadline())).Workloads;
        figures["reconnect_duplicates"] = duplicateStarts + duplicateNames;
        figures["reconnect_probe_running_nodes"] = running;
        figures["reconnect_base_running_nodes"] = workloads.Single(x => x.Name == Base).NodesRunning;
        Log($"{count} nodes back: reconciled after {figures["reconnect_reconcile_s"]:0.0} s; {running} of {nodes} run the changed probe; "
            + $"duplicate starts {duplicateStarts}, nodes listing a workload twice {duplicateNames}; {Base} running on {figures["reconnect_base_running_nodes"]}");
    }

    /// <summary>Controller CPU (mCPU = ms of CPU per s) and mean RSS over a window, sampled every 5 s; the simulators' CPU beside it.</summary>
    private static async Task<(double Mcpu, double RssKb, int OpenFiles, double SimMcpu)> SteadyAsync(FleetRig rig, TimeSpan window)
    {
        var sims = rig.SimPids;
        var first = ProcUsage.Read(rig.ControllerPid);
        var simFirst = sims.Sum(p => ProcUsage.Read(p).CpuSeconds);
        var start = TimeProvider.System.GetTimestamp();
        var rss = new List<long> { first.RssKb };
        var last = first;
        while (TimeProvider.System.GetElapsedTime(start) < window)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            last = ProcUsage.Read(rig.ControllerPid);
            rss.Add(last.RssKb);
        }

        var seconds = TimeProvider.System.GetElapsedTime(start).TotalSeconds;
        var simLast = sims.Sum(p => ProcUsage.Read(p).CpuSeconds);
        return ((last.CpuSeconds - first.CpuSeconds) / seconds * 1000, rss.Average(), last.OpenFiles, (simLast - simFirst) / seconds * 1000);
    }

    private static List<Node> Ready(IReadOnlyList<Node> nodes) => [.. nodes.Where(n => n.Condition == NodeCondition.Ready)];

    private static void Log(string message) => Console.Error.WriteLine($"[fleet] {message}");
}
