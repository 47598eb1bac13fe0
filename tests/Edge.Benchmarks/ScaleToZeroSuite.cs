using System.Diagnostics;
using System.Globalization;
using Edge.Agent.Core;
using Edge.Agent.Runtime;
using Edge.Protos.V1;
using PoolSpec = Edge.Agent.Core.PoolSpec;
using TriggerKind = Edge.Agent.Core.TriggerKind;
using TriggerSpec = Edge.Agent.Core.TriggerSpec;
using WorkloadPhase = Edge.Agent.Core.WorkloadPhase;
using WorkloadSpec = Edge.Agent.Core.WorkloadSpec;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmtime;

namespace Edge.Benchmarks;

/// <summary>
/// Scale to zero. On the device (in process, one Wasmtime runtime): the first invocation of a
/// workload held cold (instantiates on the caller's thread) against a warm one, same module, same
/// run. End to end (a real controller and a real agent process): an HTTP request to a workload at
/// 0 replicas → the agent answers it, reports the wake on its stream, the controller scales to 1,
/// and the agent reports the replica Running (admin API).
/// </summary>
internal static class ScaleToZeroSuite
{
    private const int DeviceSamples = 300;
    private const int Wakes = 7;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        var (cold, warm) = await DeviceAsync();
        figures["cold_invocation_p50_us"] = Percentiles.Of(cold, 50);
        figures["cold_invocation_p99_us"] = Percentiles.Of(cold, 99);
        figures["warm_invocation_p50_us"] = Percentiles.Of(warm, 50);
        figures["warm_invocation_p99_us"] = Percentiles.Of(warm, 99);
        figures["cold_over_warm_p50_ratio"] = figures["cold_invocation_p50_us"] / figures["warm_invocation_p50_us"];

        var (answered, running, warmHttp) = await WakeAsync();
        figures["warm_http_answered_p50_ms"] = Percentiles.Of(warmHttp, 50);
        figures["wake_http_answered_p50_ms"] = Percentiles.Of(answered, 50);
        figures["wake_http_answered_max_ms"] = answered.Max();
        figures["wake_to_replica_running_p50_ms"] = Percentiles.Of(running, 50);
        figures["wake_to_replica_running_max_ms"] = running.Max();
        return figures;
    }

    /// <summary>Cold: the first invocation after the workload went cold (nothing warm). Warm: one on a ready instance.</summary>
    private static async Task<(double[] Cold, double[] Warm)> DeviceAsync()
    {
        var dir = Directory.CreateTempSubdirectory("edge-bench-zero-").FullName;
        try
        {
            var wasm = Module.ConvertText(RuntimeSuite.Hello);
            var path = Path.Combine(dir, "hello.wasm");
            await File.WriteAllBytesAsync(path, wasm);
            using var runtime = new WasmRuntime(new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromSeconds(60) }, TimeProvider.System, NullLogger<WasmRuntime>.Instance);
            runtime.Woken += _ => { };
            var warmSpec = new WorkloadSpec
            {
                Name = "hello",
                ModuleDigest = ModuleDigest.Of(wasm),
                Pool = new PoolSpec { MinWarm = 1, MaxConcurrency = 1 },
                Triggers = [new TriggerSpec { Kind = TriggerKind.Http }],
            };
            var coldSpec = warmSpec with { Cold = true };
            var status = await runtime.StartAsync(warmSpec, path, CancellationToken.None);
            if (status.Phase != WorkloadPhase.Running)
            {
                throw new InvalidOperationException($"hello did not start: {status.Message}");
            }

            var cold = new double[DeviceSamples];
            var warm = new double[DeviceSamples];
            for (var i = -50; i < DeviceSamples; i++)
            {
                // Warm: one instance ready, as a trigger meets an idle workload with minWarm 1.
                await runtime.UpdateAsync(warmSpec, CancellationToken.None);
                SpinUntil(() => runtime.WarmInstances("hello") == 1, "a warm instance");
                var w = await TimeAsync(runtime);

                // Cold: the same workload held cold (the update drops what is warm), then invoked.
                await runtime.UpdateAsync(coldSpec, CancellationToken.None);
                SpinUntil(() => runtime.WarmInstances("hello") == 0, "nothing warm");
                var c = await TimeAsync(runtime);
                if (i >= 0)
                {
                    warm[i] = w;
                    cold[i] = c;
                }
            }

            return (cold, warm);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<double> TimeAsync(WasmRuntime runtime)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await runtime.InvokeAsync("hello", InvocationRequest.Empty, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        return result.Succeeded ? elapsed : throw new InvalidOperationException($"invocation failed: {result.Error}");
    }

    /// <summary>Scale to 0, wait until the agent holds it cold, then time one HTTP request and the wake it causes.</summary>
    private static async Task<(double[] Answered, double[] Running, double[] WarmHttp)> WakeAsync()
    {
        using var rig = new FleetRig();
        await rig.StartControllerAsync();
        var triggerPort = FreePort();
        var statusPort = FreePort();
        using var agent = ChildLines.Start(AgentDll(),
        [
            "run",
            "--controller", rig.ControllerUrl,
            "--node-name", "edge-1",
            "--data-dir", Path.Combine(rig.Dir, "edge-1"),
            "--status-listen", $"http://127.0.0.1:{statusPort.ToString(CultureInfo.InvariantCulture)}",
            "--set", $"Agent:TriggerListen=http://127.0.0.1:{triggerPort.ToString(CultureInfo.InvariantCulture)}",
        ], keepLines: false);
        await Poll.UntilAsync(async () => (await rig.NodesAsync()).Any(n => n.Name == "edge-1" && n.Condition == NodeCondition.Ready),
            Bound, "the agent connects", () => agent.Tail);

        var request = new ApplyWorkloadRequest
        {
            Name = "hello",
            Module = ByteString.CopyFromUtf8(RuntimeSuite.Hello),
            Mode = WorkloadMode.Replicated,
            Replicas = 1,
            Requests = new Resources { CpuMillicores = 100, MemoryBytes = 16L << 20 },
        };
        request.Triggers.Add(new Trigger { Kind = Protos.V1.TriggerKind.Http });
        await rig.Admin.ApplyWorkloadAsync(request, deadline: FleetRig.Deadline());

        using var http = new HttpClient { Timeout = Bound };
        var answered = new double[Wakes];
        var running = new double[Wakes];
        var warm = new List<double>();
        for (var i = 0; i < Wakes; i++)
        {
            await Poll.UntilAsync(async () => (await HelloAsync(rig)).ReplicasRunning == 1, Bound, "hello Running", () => agent.Tail);
            await rig.Admin.ScaleWorkloadAsync(new ScaleWorkloadRequest { Name = "hello", Replicas = 0 }, deadline: FleetRig.Deadline());
            await Poll.UntilAsync(async () => (await rig.NodesAsync()).Single().Workloads.Any(w => w.Name == "hello" && w.Cold && !w.Woken),
                Bound, "the agent holds hello cold", () => agent.Tail);

            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync($"http://127.0.0.1:{triggerPort.ToString(CultureInfo.InvariantCulture)}/w/hello", null);
            answered[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            await Poll.UntilAsync(async () => (await HelloAsync(rig)).ReplicasRunning == 1, Bound, "hello woken and Running", () => agent.Tail, TimeSpan.FromMilliseconds(1));
            running[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            // The baseline: the same request to the same workload running reserved and warm.
            for (var j = 0; j < 5; j++)
            {
                var at = Stopwatch.GetTimestamp();
                using var again = await http.PostAsync($"http://127.0.0.1:{triggerPort.ToString(CultureInfo.InvariantCulture)}/w/hello", null);
                again.EnsureSuccessStatusCode();
                warm.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }
        }

        return (answered, running, [.. warm]);
    }

    private static async Task<Workload> HelloAsync(FleetRig rig) =>
        (await rig.Admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: FleetRig.Deadline())).Workloads.Single(w => w.Name == "hello");

    private static string AgentDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.GetFullPath(Path.Combine(FleetRig.Sample(".."), "agent", "Edge.Agent", "bin", configuration, "net10.0", "edge-agent.dll"));
        return File.Exists(path) ? path : throw new FileNotFoundException($"edge-agent.dll is not built at {path}; build the solution ({configuration}) first");
    }

    private static void SpinUntil(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, Bound))
        {
            throw new TimeoutException($"not within {Bound.TotalSeconds} s: {what}");
        }
    }


    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
