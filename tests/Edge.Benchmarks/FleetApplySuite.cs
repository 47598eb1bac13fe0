using System.Diagnostics;
using System.Globalization;
using Edge.Controller.Fleet;
using Edge.Controller.Grpc;
using Edge.Controller.Hosting;
using Edge.Controller.Store;
using Edge.Protos.V1;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Benchmarks;

/// <summary>
/// The controller's own share of a global apply, in process and without the network or the
/// simulators: a FleetState over a LiteDB store in a temp file with N connected nodes, each
/// session drained by a task that serializes the desired state as the Connect stream would and
/// reports the new version Running. Figures: the ApplyWorkload call, apply → every node's
/// report (a global workload, median of the rounds; then one replicated workload with a replica
/// per node), and the longest a heartbeat waited on the fleet lock meanwhile (a stand-in for every
/// heartbeat, status report and telemetry sample the controller handles during an apply).
/// EDGE_BENCH_FLEET_APPLY_NODES (default 10000), EDGE_BENCH_FLEET_APPLY_ROUNDS (default 5).
/// </summary>
internal static class FleetApplySuite
{
    private const string Probe = "fleet-probe";

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var nodes = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_FLEET_APPLY_NODES"), out var n) ? n : 10_000;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("EDGE_BENCH_FLEET_APPLY_ROUNDS"), out var r) ? r : 5;
        var dir = Path.Combine(Path.GetTempPath(), "edge-bench-fleet-apply-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            using var store = new LiteDbFleetStore(Path.Combine(dir, "fleet.db"));
            var fleet = new FleetState(store, TimeProvider.System,
                Options.Create(new ControllerOptions { NodeGracePeriod = TimeSpan.FromSeconds(40), HeartbeatPeriod = TimeSpan.FromSeconds(10) }),
                NullLogger<FleetState>.Instance);
            fleet.ApplyWorkload(Workload("fleet-base", "base"));
            var reported = new long[nodes];
            var readers = new List<Task>(nodes);
            var sessions = new NodeSession[nodes];
            var connect = Stopwatch.StartNew();
            for (var i = 0; i < nodes; i++)
            {
                var (session, _) = fleet.Connect($"sim-{i:D5}", Facts(), 0, [], "bench");
                sessions[i] = session;
                var slot = i;
                readers.Add(Task.Run(() => DrainAsync(fleet, session, reported, slot)));
            }

            Log($"{nodes} nodes connected in {connect.Elapsed.TotalSeconds:0.0} s");
            var calls = new List<double>();
            var allReported = new List<double>();
            var heartbeatWaits = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                using var stop = new CancellationTokenSource();
                var beating = Task.Run(() => HeartbeatAsync(fleet, sessions, stop.Token));
                var start = Stopwatch.GetTimestamp();
                fleet.ApplyWorkload(Workload(Probe, $"round-{round}"));
                calls.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                var version = fleet.GetNode(sessions[^1].Node)!.DesiredVersion;
                var bound = Stopwatch.StartNew();
                while (Enumerable.Range(0, nodes).Any(i => Volatile.Read(ref reported[i]) < start) && bound.Elapsed < TimeSpan.FromMinutes(2))
                {
                    await Task.Delay(5);
                }

                allReported.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                await stop.CancelAsync();
                heartbeatWaits.Add(await beating);
                Log($"round {round}: ApplyWorkload {calls[^1]:0} ms, every node reported v{version} after {allReported[^1]:0} ms, longest heartbeat {heartbeatWaits[^1]:0.0} ms");
            }

            // One replica per node, as the fleet suite's replicas step: placement, then one assignment record per replica.
            var replicated = Workload("fleet-replicas", "replicas");
            replicated.Placement = new WorkloadPlacementRecord { Mode = Edge.Scheduling.PlacementMode.Replicated, Replicas = nodes };
            var placedAt = Stopwatch.GetTimestamp();
            fleet.ApplyWorkload(replicated);
            var replicasCall = Stopwatch.GetElapsedTime(placedAt).TotalMilliseconds;
            var replicasBound = Stopwatch.StartNew();
            while (Enumerable.Range(0, nodes).Any(i => Volatile.Read(ref reported[i]) < placedAt) && replicasBound.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(5);
            }

            var replicasReported = Stopwatch.GetElapsedTime(placedAt).TotalMilliseconds;
            Log($"{nodes} replicas: ApplyWorkload {replicasCall:0} ms, every node reported after {replicasReported:0} ms");

            foreach (var session in sessions)
            {
                session.Close("benchmark over");
            }

            await Task.WhenAll(readers);
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["nodes"] = nodes,
                ["apply_call_ms_median"] = Percentiles.Of(calls, 50),
                ["apply_to_all_reported_ms_median"] = Percentiles.Of(allReported, 50),
                ["heartbeat_longest_ms_median"] = Percentiles.Of(heartbeatWaits, 50),
                ["replicas_apply_call_ms"] = replicasCall,
                ["replicas_apply_to_all_reported_ms"] = replicasReported,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What the Connect stream's writer does with each snapshot, then the agent's status report.</summary>
    private static async Task DrainAsync(FleetState fleet, NodeSession session, long[] reported, int slot)
    {
        try
        {
            await foreach (var snapshot in session.Outgoing.ReadAllAsync())
            {
                var bytes = new ControllerMessage { DesiredState = snapshot.ToProto() }.ToByteArray();
                var parsed = ControllerMessage.Parser.ParseFrom(bytes).DesiredState;
                fleet.ReportStatus(session, parsed.Version,
                    [.. parsed.Workloads.Select(w => new ObservedWorkload(w.Name, ObservedPhase.Running, "", w.Module.Digest, DateTimeOffset.UnixEpoch, 0, 0))]);
                Volatile.Write(ref reported[slot], Stopwatch.GetTimestamp());
            }
        }
        catch (NodeSessionClosedException)
        {
            // the end of the run
        }
    }

    /// <summary>Heartbeats one node after another while an apply runs; returns the longest one in ms.</summary>
    private static async Task<double> HeartbeatAsync(FleetState fleet, NodeSession[] sessions, CancellationToken ct)
    {
        var longest = 0.0;
        var i = 0;
        while (!ct.IsCancellationRequested)
        {
            var session = sessions[i++ % sessions.Length];
            var start = Stopwatch.GetTimestamp();
            fleet.Heartbeat(session, 0);
            longest = Math.Max(longest, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            await Task.Yield();
        }

        return longest;
    }

    private static WorkloadRecord Workload(string name, string run) => new()
    {
        Id = name,
        ModuleDigest = "sha256:" + new string('a', 64),
        ModuleSizeBytes = 1234,
        Env = new Dictionary<string, string>(StringComparer.Ordinal) { ["RUN"] = run },
        Placement = new WorkloadPlacementRecord { Mode = Edge.Scheduling.PlacementMode.Global },
    };

    private static NodeFactsRecord Facts() => new()
    {
        Arch = "x64",
        Os = "linux",
        CpuMillicores = 4000,
        MemoryBytes = 4L << 30,
        Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["fleet"] = "sim" },
        AgentVersion = "0.1.0",
        Hostname = "sim",
    };

    private static void Log(string message) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[fleet-apply] {message}"));
}
