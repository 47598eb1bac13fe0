using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Edge.Agent.Core;
using Edge.Agent.Hosting;
using Edge.Agent.Runtime;
using Edge.Agent.State;
using Edge.Agent.Triggers;
using NodeSample = Edge.Protos.V1.NodeSample;
using WorkloadSample = Edge.Protos.V1.WorkloadSample;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wasmtime;

namespace Edge.Benchmarks;

/// <summary>
/// The Wasm runtime. Cold start (compiled module, nothing warm → instantiate, run, answer, store
/// freed) and warm invoke (one pre-instantiated instance → answer) through the pool, beside plain
/// Wasmtime's new Store + instantiate + _start + dispose on the same module; warm HTTP through
/// /w/{workload} beside a static Kestrel endpoint on the same server; 0 → 100 warm instances
/// beside the same 100 store set-ups and instantiations on plain Wasmtime; RSS with 1,000 busy
/// instances; the published agent process idle (Native AOT beside the JIT build); the same agent
/// with every guest slot spinning: timeout overrun and /status latency beside the idle agent; and
/// (also alone, as the suite runtime-usage) what per-workload CPU and memory accounting adds.
/// Set EDGE_BENCH_SAMPLES=DIR to also write the latency samples (µs) for plots.
/// </summary>
internal static class RuntimeSuite
{
    private const int LatencySamples = 5_000;
    private const int HttpSamples = 3_000;
    private const int BusyInstances = 1_000;
    private const int UsageBlocks = 40;
    private const int UsageBlockSize = 500;

    internal const string Hello = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 64) "hello from edge\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 64))
            (i32.store (i32.const 4) (i32.const 16))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    /// <summary>Waits 10 s in WASI poll_oneoff (a relative monotonic clock): busy without burning a core, like a guest waiting on I/O.</summary>
    private const string Wait = """
        (module
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (i64.store (i32.const 0) (i64.const 0))
            (i32.store8 (i32.const 8) (i32.const 0))
            (i32.store (i32.const 16) (i32.const 1))
            (i64.store (i32.const 24) (i64.const 10000000000))
            (i64.store (i32.const 32) (i64.const 0))
            (i32.store16 (i32.const 40) (i32.const 0))
            (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))
        """;

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        var dir = Directory.CreateTempSubdirectory("edge-bench-runtime-").FullName;
        try
        {
            var (wasm, modulePath, runtime) = await HelloRuntimeAsync(dir);
            using var owned = runtime;

            var cold = await ColdStartAsync(runtime, wasm, modulePath);
            var warm = await WarmInvokeAsync(runtime, wasm, modulePath);
            var bare = BareWasmtime(wasm);
            AddInvokeFigures(figures, cold, warm, bare, BareWasmtime(wasm, captureOutput: false));

            var (http, kestrel) = await HttpAsync(runtime, wasm, modulePath);
            figures["warm_http_p50_us"] = Percentiles.Of(http, 50);
            figures["warm_http_p99_us"] = Percentiles.Of(http, 99);
            figures["static_kestrel_p50_us"] = Percentiles.Of(kestrel, 50);
            figures["static_kestrel_p99_us"] = Percentiles.Of(kestrel, 99);
            figures["http_over_static_ratio"] = figures["warm_http_p50_us"] / figures["static_kestrel_p50_us"];

            var (fill, plain) = await ZeroToHundredAsync(runtime, wasm, modulePath);
            figures["zero_to_100_ms"] = fill;
            figures["bare_100_pool_instantiations_ms"] = plain;

            var (before, busy) = await BusyAsync(dir);
            figures["rss_before_busy_mb"] = before;
            figures["busy_1000_rss_mb"] = busy;

            // The packages ship the Native AOT agent; the JIT build (dotnet edge-agent.dll) is the baseline.
            var native = NativeAgent();
            var (idle, restarted, empty) = await IdleAgentAsync(wasm, Path.Combine(dir, "native"), native, []);
            var (jitIdle, jitRestarted, jitEmpty) = await IdleAgentAsync(wasm, Path.Combine(dir, "jit"), "dotnet", [JitAgentDll()]);
            figures["idle_rss_mb"] = idle;
            figures["idle_restarted_rss_mb"] = restarted;
            figures["idle_no_workload_rss_mb"] = empty;
            figures["idle_rss_jit_mb"] = jitIdle;
            figures["idle_restarted_rss_jit_mb"] = jitRestarted;
            figures["idle_no_workload_rss_jit_mb"] = jitEmpty;

            foreach (var (name, value) in await SaturationAsync(Path.Combine(dir, "saturation"), native))
            {
                figures[name] = value;
            }

            WriteSamples(("cold_start", cold), ("warm_invoke", warm), ("bare_wasmtime", bare), ("warm_http", http), ("static_kestrel", kestrel));
            foreach (var (name, value) in await UsageAsync())
            {
                figures[name] = value;
            }

            foreach (var (name, value) in await RuntimeLogSuite.RunAsync())
            {
                figures[name] = value;
            }

            return figures;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Cold start and warm invoke through the pool beside plain Wasmtime, alone (the runtime suite's
    /// first three figures, without the HTTP, memory and agent-process parts).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double>> InvokeSuiteAsync()
    {
        var dir = Directory.CreateTempSubdirectory("edge-bench-invoke-").FullName;
        try
        {
            var (wasm, modulePath, runtime) = await HelloRuntimeAsync(dir);
            using var owned = runtime;
            var figures = new Dictionary<string, double>(StringComparer.Ordinal);
            AddInvokeFigures(figures, await ColdStartAsync(runtime, wasm, modulePath), await WarmInvokeAsync(runtime, wasm, modulePath), BareWasmtime(wasm), BareWasmtime(wasm, captureOutput: false));
            return figures;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The hello module written to <paramref name="dir"/> and a runtime with its compiled cache there.</summary>
    private static async Task<(byte[] Wasm, string Path, WasmRuntime Runtime)> HelloRuntimeAsync(string dir)
    {
        var wasm = Module.ConvertText(Hello);
        var modulePath = Path.Combine(dir, "hello.wasm");
        await File.WriteAllBytesAsync(modulePath, wasm);
        var runtime = new WasmRuntime(
            new WasmRuntimeOptions { CompiledCacheDirectory = Path.Combine(dir, "compiled"), DefaultTimeout = TimeSpan.FromSeconds(60) },
            TimeProvider.System,
            NullLogger<WasmRuntime>.Instance);
        return (wasm, modulePath, runtime);
    }

    private static void AddInvokeFigures(Dictionary<string, double> figures, double[] cold, double[] warm, double[] bare, double[] discarded)
    {
        figures["cold_start_p50_us"] = Percentiles.Of(cold, 50);
        figures["cold_start_p99_us"] = Percentiles.Of(cold, 99);
        figures["warm_invoke_p50_us"] = Percentiles.Of(warm, 50);
        figures["warm_invoke_p99_us"] = Percentiles.Of(warm, 99);
        figures["bare_wasmtime_cold_p50_us"] = Percentiles.Of(bare, 50);
        figures["bare_wasmtime_cold_p99_us"] = Percentiles.Of(bare, 99);
        figures["cold_over_bare_ratio"] = figures["cold_start_p50_us"] / figures["bare_wasmtime_cold_p50_us"];
        figures["warm_over_bare_ratio"] = figures["warm_invoke_p50_us"] / figures["bare_wasmtime_cold_p50_us"];
        figures["bare_wasmtime_cold_output_discarded_p50_us"] = Percentiles.Of(discarded, 50);
        figures["bare_wasmtime_cold_output_discarded_p99_us"] = Percentiles.Of(discarded, 99);
    }

    /// <summary>
    /// Usage accounting (thread CPU clock around each run and instantiation, the memory meter):
    /// the same module on two runtimes in this process, accounting on and off, invoked on one
    /// warm instance in alternating blocks so drift on a shared machine hits both alike.
    /// Beside it, the cost of its parts alone, and the telemetry bytes the new fields add.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double>> UsageAsync()
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        var dir = Directory.CreateTempSubdirectory("edge-bench-usage-").FullName;
        try
        {
            var wasm = Module.ConvertText(Hello);
            var path = Path.Combine(dir, "hello.wasm");
            await File.WriteAllBytesAsync(path, wasm);
            var options = new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromSeconds(60) };
            using var on = new WasmRuntime(options, TimeProvider.System, NullLogger<WasmRuntime>.Instance);
            using var off = new WasmRuntime(options with { AccountUsage = false }, TimeProvider.System, NullLogger<WasmRuntime>.Instance);
            var pool = new PoolSpec { MinWarm = 1, MaxConcurrency = 1 };
            await StartAsync(on, "warm", wasm, path, pool);
            await StartAsync(off, "warm", wasm, path, pool);
            await WarmInvocationsAsync(on, UsageBlockSize);
            await WarmInvocationsAsync(off, UsageBlockSize);
            var cpuBefore = on.Metrics().Single().CpuTime ?? TimeSpan.Zero;

            var (onSamples, offSamples, onBlocks, offBlocks) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            for (var block = 0; block < UsageBlocks; block++)
            {
                foreach (var accounted in block % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    var samples = await WarmInvocationsAsync(accounted ? on : off, UsageBlockSize);
                    (accounted ? onSamples : offSamples).AddRange(samples);
                    (accounted ? onBlocks : offBlocks).Add(Percentiles.Of(samples, 50));
                }
            }

            var cpu = (on.Metrics().Single().CpuTime ?? TimeSpan.Zero) - cpuBefore;

            // Cold: no warm instance, each run instantiates its own inline (a workload held at zero replicas),
            // so the run also pays the instance's first look-up of its exported memories.
            var cold = new PoolSpec { MinWarm = 0, MaxConcurrency = 1 };
            await StartAsync(on, "cold", wasm, path, cold);
            await StartAsync(off, "cold", wasm, path, cold);
            var (coldOn, coldOff, coldOnBlocks, coldOffBlocks) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
            for (var block = 0; block < UsageBlocks; block++)
            {
                foreach (var accounted in block % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    var samples = await InvocationsAsync(accounted ? on : off, "cold", UsageBlockSize, waitForWarm: false);
                    (accounted ? coldOn : coldOff).AddRange(samples);
                    (accounted ? coldOnBlocks : coldOffBlocks).Add(Percentiles.Of(samples, 50));
                }
            }

            figures["cold_invoke_accounting_on_p50_us"] = Percentiles.Of([.. coldOn], 50);
            figures["cold_invoke_accounting_off_p50_us"] = Percentiles.Of([.. coldOff], 50);
            figures["cold_accounting_added_ns_per_invocation"] = Percentiles.Of([.. coldOnBlocks.Zip(coldOffBlocks, (a, b) => (a - b) * 1000)], 50);
            figures["warm_invoke_accounting_on_p50_us"] = Percentiles.Of([.. onSamples], 50);
            figures["warm_invoke_accounting_off_p50_us"] = Percentiles.Of([.. offSamples], 50);
            figures["warm_invoke_accounting_on_p99_us"] = Percentiles.Of([.. onSamples], 99);
            figures["warm_invoke_accounting_off_p99_us"] = Percentiles.Of([.. offSamples], 99);
            figures["warm_invoke_accounting_on_mean_us"] = onSamples.Average();
            figures["warm_invoke_accounting_off_mean_us"] = offSamples.Average();
            // Paired: each block's median beside the neighbouring block's with accounting off, then the median of
            // those differences, so drift between blocks and one noisy block do not move it.
            figures["accounting_added_ns_per_invocation"] = Percentiles.Of([.. onBlocks.Zip(offBlocks, (a, b) => (a - b) * 1000)], 50);
            figures["accounted_cpu_us_per_invocation"] = cpu.TotalMicroseconds / (UsageBlocks * UsageBlockSize);

            var clockNs = ClockReadNanoseconds();
            var meterNs = MeterNanoseconds();
            var lengthNs = MemoryLengthNanoseconds(wasm);
            figures["thread_cpu_clock_read_ns"] = clockNs;
            figures["memory_meter_update_ns"] = meterNs;
            figures["memory_length_read_ns"] = lengthNs;
            // What a warm run adds, part by part: two clock reads, one memory length read, one meter update.
            figures["accounting_parts_ns_per_invocation"] = (2 * clockNs) + lengthNs + meterNs;

            foreach (var (name, value) in SampleBytes())
            {
                figures[name] = value;
            }

            return figures;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary><paramref name="count"/> invocations, each starting from one warm instance (the refill is untimed); µs each.</summary>
    private static Task<double[]> WarmInvocationsAsync(WasmRuntime runtime, int count) => InvocationsAsync(runtime, "warm", count, waitForWarm: true);

    /// <summary><paramref name="count"/> invocations of a workload, each after its warm instance is back when <paramref name="waitForWarm"/>; µs each.</summary>
    private static async Task<double[]> InvocationsAsync(WasmRuntime runtime, string workload, int count, bool waitForWarm)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            SpinWait.SpinUntil(() => !waitForWarm || runtime.WarmInstances(workload) >= 1);
            var start = Stopwatch.GetTimestamp();
            var result = await runtime.InvokeAsync(workload, InvocationRequest.Empty, CancellationToken.None);
            // From the raw timestamps: a TimeSpan would round to 100 ns, too coarse for the difference sought.
            samples[i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
            Check(result);
        }

        return samples;
    }

    private static double ClockReadNanoseconds()
    {
        const int Reads = 1_000_000;
        long sink = 0;
        var ms = Measure.MedianMilliseconds(() =>
        {
            for (var i = 0; i < Reads; i++)
            {
                ThreadCpuClock.Instance.TryRead(out var ns);
                sink += ns;
            }
        }, warmups: 1, runs: 5);
        return sink != 0 ? ms * 1e6 / Reads : throw new InvalidOperationException("the thread CPU clock read nothing");
    }

    /// <summary>One meter update as a finished run makes it: a timestamp and the release of its instance.</summary>
    private static double MeterNanoseconds()
    {
        const int Updates = 1_000_000;
        var meter = new MemoryMeter(Stopwatch.GetTimestamp(), Stopwatch.Frequency);
        var ms = Measure.MedianMilliseconds(() =>
        {
            for (var i = 0; i < Updates; i++)
            {
                meter.Add(65_536, Stopwatch.GetTimestamp());
                meter.Release(65_536, Stopwatch.GetTimestamp());
            }
        }, warmups: 1, runs: 5);
        return ms * 1e6 / Updates / 2;
    }

    private static double MemoryLengthNanoseconds(byte[] wasm)
    {
        const int Reads = 1_000_000;
        using var engine = new Engine();
        using var linker = new Linker(engine);
        linker.DefineWasi();
        using var module = Module.FromBytes(engine, "hello", wasm);
        using var store = new Store(engine);
        store.SetWasiConfiguration(new WasiConfiguration());
        var memory = linker.Instantiate(store, module).GetMemory("memory") ?? throw new InvalidOperationException("no memory export");
        long sink = 0;
        var ms = Measure.MedianMilliseconds(() =>
        {
            for (var i = 0; i < Reads; i++)
            {
                sink += memory.GetLength();
            }
        }, warmups: 1, runs: 5);
        return sink != 0 ? ms * 1e6 / Reads : throw new InvalidOperationException("memory length 0");
    }

    /// <summary>
    /// Protobuf bytes of a node sample with one workload: without the usage fields, with CPU time
    /// and memory, with 3 guest metrics as well (per minute at the default 10 s period), and with
    /// the most a guest can make it carry (32 names of 64 characters).
    /// </summary>
    private static Dictionary<string, double> SampleBytes()
    {
        var plain = new WorkloadSample
        {
            Name = "sensor-filter",
            Invocations = 1_234_567,
            Failures = 12,
            WarmInstances = 1,
            BusyInstances = 1,
            LatencyP50Ms = 0.07f,
            LatencyP99Ms = 0.41f,
        };
        var usage = plain.Clone();
        usage.CpuTimeUs = 86_400_000_000; // a day of CPU
        usage.MemoryBytes = 1_310_720;
        usage.MemoryPeakBytes = 2_162_688;
        var custom = usage.Clone();
        custom.Custom["readings"] = 1_234_567;
        custom.Custom["bytes_out"] = 98_765_432;
        custom.Custom["rejected"] = 17;
        var worst = usage.Clone();
        for (var i = 0; i < WorkloadMetrics.MaxCustomNames; i++)
        {
            worst.Custom[$"metric_{i:00}_{new string('x', 54)}"] = 1e9 + i;
        }

        static double Size(WorkloadSample w) => new NodeSample { Workloads = { w } }.CalculateSize();
        const double PerMinute = 6;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["sample_workload_bytes"] = Size(plain),
            ["sample_workload_usage_added_bytes"] = Size(usage) - Size(plain),
            ["sample_workload_3_custom_added_bytes"] = Size(custom) - Size(usage),
            ["sample_workload_usage_and_3_custom_added_bytes_per_min"] = (Size(custom) - Size(plain)) * PerMinute,
            ["sample_workload_32_long_custom_added_bytes"] = Size(worst) - Size(usage),
        };
    }

    /// <summary>
    /// Cold: a compiled module (cached in the runtime) and no warm instance → InvokeAsync, which
    /// instantiates, runs and answers, → its used store freed. The clock stops when the store is
    /// freed (the pool frees it off the answer's path), so it spans what the bare baseline does.
    /// </summary>
    private static async Task<double[]> ColdStartAsync(WasmRuntime runtime, byte[] wasm, string path)
    {
        await StartAsync(runtime, "cold", wasm, path, new PoolSpec { MinWarm = 0, MaxConcurrency = 1 });
        var samples = new double[LatencySamples];
        for (var i = -500; i < LatencySamples; i++)
        {
            // Nothing warm: the refill a run schedules is let finish and dropped, untimed.
            runtime.DropWarm("cold");
            var freed = runtime.FreedAfterRun("cold");
            var start = Stopwatch.GetTimestamp();
            var result = await runtime.InvokeAsync("cold", InvocationRequest.Empty, CancellationToken.None);
            // Polled without sleeping: SpinUntil's 1 ms sleeps would add up to 1 ms the freeing did not take.
            var poll = default(SpinWait);
            while (runtime.FreedAfterRun("cold") <= freed)
            {
                poll.SpinOnce(sleep1Threshold: -1);
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            Check(result);
            SpinWait.SpinUntil(() => runtime.WarmInstances("cold") >= 1, TimeSpan.FromSeconds(5));
            if (i >= 0)
            {
                samples[i] = elapsed.TotalMicroseconds;
            }
        }

        return samples;
    }

    /// <summary>Warm: one pre-instantiated instance ready → InvokeAsync → the result (the pool refills untimed).</summary>
    private static async Task<double[]> WarmInvokeAsync(WasmRuntime runtime, byte[] wasm, string path)
    {
        await StartAsync(runtime, "warm", wasm, path, new PoolSpec { MinWarm = 1, MaxConcurrency = 1 });
        var samples = new double[LatencySamples];
        for (var i = -500; i < LatencySamples; i++)
        {
            SpinWait.SpinUntil(() => runtime.WarmInstances("warm") >= 1);
            var start = Stopwatch.GetTimestamp();
            var result = await runtime.InvokeAsync("warm", InvocationRequest.Empty, CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(start);
            Check(result);
            if (i >= 0)
            {
                samples[i] = elapsed.TotalMicroseconds;
            }
        }

        return samples;
    }

    /// <summary>
    /// Plain Wasmtime .NET: default engine, a Linker with WASI, new Store + instantiate + call, stdout
    /// captured the way Wasmtime .NET offers (its output callback), or, with <paramref name="captureOutput"/>
    /// false, not captured at all (the floor: the same steps with the output thrown away).
    /// </summary>
    private static double[] BareWasmtime(byte[] wasm, bool captureOutput = true)
    {
        using var engine = new Engine();
        using var linker = new Linker(engine);
        linker.DefineWasi();
        using var module = Module.FromBytes(engine, "hello", wasm);
        var samples = new double[LatencySamples];
        var written = 0;
        for (var i = -500; i < LatencySamples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using (var store = new Store(engine))
            {
                store.SetWasiConfiguration(captureOutput ? new WasiConfiguration().WithStandardOutputCallback(data => written += data.Length) : new WasiConfiguration());
                linker.Instantiate(store, module).GetAction("_start")!();
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            if (i >= 0)
            {
                samples[i] = elapsed.TotalMicroseconds;
            }
        }

        return !captureOutput || written > 0 ? samples : throw new InvalidOperationException("the bare run wrote nothing");
    }

    private static async Task<(double[] Http, double[] Static)> HttpAsync(WasmRuntime runtime, byte[] wasm, string path)
    {
        await StartAsync(runtime, "hello", wasm, path, new PoolSpec { MinWarm = 2 }, [new TriggerSpec { Kind = TriggerKind.Http }]);
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(Options.Create(new AgentOptions()));
        await using var app = builder.Build();
        app.MapGet("/static", () => Results.Text("hello from edge\n"));
        app.MapHttpTriggers();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        async Task<double[]> Sample(string url)
        {
            var samples = new double[HttpSamples];
            for (var i = -300; i < HttpSamples; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var body = await http.GetStringAsync(url);
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (body != "hello from edge\n")
                {
                    throw new InvalidOperationException($"{url} answered '{body}'");
                }

                if (i >= 0)
                {
                    samples[i] = elapsed.TotalMicroseconds;
                }
            }

            return samples;
        }

        // Interleaved halves, so drift on a shared machine hits both alike.
        var staticA = await Sample("/static");
        var httpA = await Sample("/w/hello");
        var staticB = await Sample("/static");
        var httpB = await Sample("/w/hello");
        await app.StopAsync();
        return ([.. httpA, .. httpB], [.. staticA, .. staticB]);
    }

    /// <summary>Median of 5: a workload with nothing warm filled to 100 ready instances; beside it 100 plain new Store + instantiate.</summary>
    private static async Task<(double Fill, double Plain)> ZeroToHundredAsync(WasmRuntime runtime, byte[] wasm, string path)
    {
        var fills = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            await StartAsync(runtime, "burst", wasm, path, new PoolSpec { MinWarm = 0, MaxConcurrency = 100 }, [new TriggerSpec { Kind = TriggerKind.Http }]);
            var start = Stopwatch.GetTimestamp();
            runtime.FillPool("burst", 100);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (runtime.WarmInstances("burst") < 100)
            {
                throw new InvalidOperationException($"only {runtime.WarmInstances("burst")} instances warm");
            }

            if (i > 0)
            {
                fills.Add(elapsed);
            }

            await runtime.StopAsync("burst", CancellationToken.None);
        }

        // The pool's work, instance by instance, on plain Wasmtime: an engine with epoch interruption
        // and fuel, a store with limits, epoch deadline and callback, fuel and WASI arguments, then
        // instantiate. The stores are freed after the clock stops, as the pool keeps its instances.
        using var config = new Config().WithEpochInterruption(true).WithFuelConsumption(true);
        using var engine = new Engine(config);
        using var linker = new Linker(engine);
        linker.DefineWasi();
        using var module = Module.FromBytes(engine, "hello", wasm);
        var plains = new List<double>();
        for (var run = 0; run < 6; run++)
        {
            var stores = new List<Store>(100);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < 100; i++)
            {
                var store = new Store(engine);
                store.SetLimits(memorySize: WasmRuntimeOptions.DefaultMaxMemoryBytes, tableElements: null, instances: null, tables: null, memories: null);
                store.SetEpochDeadline(1);
                store.SetEpochDeadlineCallback(_ => 1);
                store.Fuel = long.MaxValue;
                store.SetWasiConfiguration(new WasiConfiguration().WithArgs("burst"));
                linker.Instantiate(store, module);
                stores.Add(store);
            }

            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            stores.ForEach(s => s.Dispose());
            if (run > 0)
            {
                plains.Add(elapsed);
            }
        }

        var plain = Percentiles.Of(plains, 50);
        return (Percentiles.Of(fills, 50), plain);
    }

    /// <summary>
    /// 1,000 invocations of a waiting guest at once, each on its own guest thread in its own store:
    /// a runtime configured for 1,000 guest threads (the default is 4 per core), in this process.
    /// </summary>
    private static async Task<(double Before, double Busy)> BusyAsync(string dir)
    {
        using var runtime = new WasmRuntime(
            new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromSeconds(60), GuestThreads = BusyInstances },
            TimeProvider.System,
            NullLogger<WasmRuntime>.Instance);
        var path = Path.Combine(dir, "wait.wasm");
        var wasm = Module.ConvertText(Wait);
        await File.WriteAllBytesAsync(path, wasm);
        await StartAsync(runtime, "spin", wasm, path, new PoolSpec { MinWarm = 0, MaxConcurrency = BusyInstances, MaxQueue = 0 }, [new TriggerSpec { Kind = TriggerKind.Http }]);
        GC.Collect();
        var before = RssMegabytes(Environment.ProcessId);

        var runs = Enumerable.Range(0, BusyInstances)
            .Select(_ => runtime.InvokeAsync("spin", InvocationRequest.Empty, CancellationToken.None))
            .ToList();
        var deadline = Stopwatch.GetTimestamp();
        while (runtime.ActiveRuns < BusyInstances && Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromSeconds(9))
        {
            await Task.Delay(20);
        }

        var active = runtime.ActiveRuns;
        var busy = RssMegabytes(Environment.ProcessId);
        var results = await Task.WhenAll(runs);
        if (results.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            throw new InvalidOperationException($"a waiting guest failed: {failed.Error}");
        }

        await runtime.StopAsync("spin", CancellationToken.None);
        return active >= BusyInstances ? (before, busy) : throw new InvalidOperationException($"only {active} instances were busy at once");
    }

    /// <summary>The saturation figures alone (suite runtime-saturation): the published agent with every guest slot spinning.</summary>
    /// <summary>The published agent idle alone (the runtime suite's idle_rss figures for the Native AOT build).</summary>
    public static async Task<IReadOnlyDictionary<string, double>> IdleSuiteAsync()
    {
        var dir = Directory.CreateTempSubdirectory("edge-bench-idle-").FullName;
        try
        {
            var (idle, restarted, empty) = await IdleAgentAsync(Module.ConvertText(Hello), dir, NativeAgent(), []);
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["idle_rss_mb"] = idle,
                ["idle_restarted_rss_mb"] = restarted,
                ["idle_no_workload_rss_mb"] = empty,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static async Task<IReadOnlyDictionary<string, double>> SaturationSuiteAsync()
    {
        var dir = Directory.CreateTempSubdirectory("edge-bench-saturation-").FullName;
        try
        {
            return await SaturationAsync(dir, NativeAgent());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private const string SpinForever = """
        (module
          (memory (export "memory") 1)
          (func (export "_start") (loop $again (br $again))))
        """;

    private static readonly TimeSpan SpinTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The published agent process (controller unreachable, running from local state) with one HTTP
    /// workload that spins until its 2 s timeout, 4 × cores slots. Idle: sequential GET /status, and
    /// one spinning request at a time (its timeout's overrun alone). Saturated: 4 × cores clients each
    /// re-sending GET /w/spin as soon as it is answered, so every guest slot spins, while GET /status
    /// is timed the same way; each spinning request's time past 2 s is its timeout's overrun.
    /// </summary>
    private static async Task<Dictionary<string, double>> SaturationAsync(string dir, string program)
    {
        var guests = 4 * Environment.ProcessorCount;
        var spin = Module.ConvertText(SpinForever);
        var digest = ModuleDigest.Of(spin);
        var cache = new ModuleCache(dir);
        await cache.StoreAsync(digest, spin, CancellationToken.None);
        using (var store = new AgentStateStore(dir, NullLogger<AgentStateStore>.Instance))
        {
            store.Open(TimeProvider.System);
            store.SaveDesired(new DesiredState
            {
                Version = 1,
                Workloads =
                [
                    new WorkloadSpec
                    {
                        Name = "spin",
                        ModuleDigest = digest,
                        ModuleSizeBytes = spin.Length,
                        Pool = new PoolSpec { MinWarm = 1, MaxConcurrency = guests, MaxQueue = 0 },
                        Limits = new LimitsSpec { Timeout = SpinTimeout },
                        Triggers = [new TriggerSpec { Kind = TriggerKind.Http }],
                    },
                ],
            });
        }

        var port = FreePort();
        var info = new ProcessStartInfo(program, ["run", "--controller", $"http://127.0.0.1:{FreePort()}", "--node-name", "bench", "--data-dir", dir, "--status-listen", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var agent = Process.Start(info) ?? throw new InvalidOperationException("cannot start the agent");
        _ = agent.StandardOutput.ReadToEndAsync();
        _ = agent.StandardError.ReadToEndAsync();
        var url = $"http://127.0.0.1:{port}";
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    return (await http.GetStringAsync($"{url}/status")).Contains("\"phase\": \"Running\"", StringComparison.Ordinal);
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60), "the agent runs spin", () => "");

            var statusIdle = await StatusSamplesAsync(http, url, StatusSamples);
            var alone = new List<double>();
            while (alone.Count < 5)
            {
                if (await SpinOverrunAsync(http, url) is { } overrun)
                {
                    alone.Add(overrun);
                }
            }

            using var stop = new CancellationTokenSource();
            var overruns = new System.Collections.Concurrent.ConcurrentBag<double>();
            var busyAnswers = 0;
            var lastSpinAnswer = 0L;
            var clients = Enumerable.Range(0, guests).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if (await SpinOverrunAsync(http, url) is { } overrun)
                    {
                        Interlocked.Exchange(ref lastSpinAnswer, Stopwatch.GetTimestamp());
                        overruns.Add(overrun);
                    }
                    else
                    {
                        // Answered while its guest had not yet stopped: the slot is still held; send again shortly.
                        Interlocked.Increment(ref busyAnswers);
                        await Task.Delay(5);
                    }
                }
            })).ToList();
            await Poll.UntilAsync(async () => SpinBusy(await http.GetStringAsync($"{url}/metrics")) >= guests,
                TimeSpan.FromSeconds(60), "every spin slot busy", () => "");
            var slowNearTimeouts = 0;
            var statusSaturated = await StatusSamplesAsync(http, url, StatusSamples, (start, elapsed) =>
            {
                // A slow sample that began within 20 ms of a spinning request's answer: the burst of work at a timeout.
                var answered = Interlocked.Read(ref lastSpinAnswer);
                if (elapsed > SlowStatusMs && answered != 0 && Math.Abs(Stopwatch.GetElapsedTime(answered, start).TotalMilliseconds) <= 20)
                {
                    slowNearTimeouts++;
                }
            });
            var busyAfter = SpinBusy(await http.GetStringAsync($"{url}/metrics"));
            // At least three rounds of timeouts for every client.
            await Poll.UntilAsync(() => Task.FromResult(overruns.Count >= guests * 3), TimeSpan.FromSeconds(120), "three rounds of timeouts", () => "");
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["spinning_guests"] = guests,
                ["busy_instances_after_status_samples"] = busyAfter,
                ["busy_answers_while_saturated"] = busyAnswers,
                ["timeout_overrun_p50_ms"] = Percentiles.Of(overruns, 50),
                ["timeout_overrun_p99_ms"] = Percentiles.Of(overruns, 99),
                ["timeout_overrun_max_ms"] = overruns.Max(),
                ["timeout_overrun_alone_p50_ms"] = Percentiles.Of(alone, 50),
                ["timeout_overrun_alone_max_ms"] = alone.Max(),
                ["status_p50_ms_idle"] = Percentiles.Of(statusIdle, 50),
                ["status_p99_ms_idle"] = Percentiles.Of(statusIdle, 99),
                ["status_p50_ms_under_saturation"] = Percentiles.Of(statusSaturated, 50),
                ["status_p99_ms_under_saturation"] = Percentiles.Of(statusSaturated, 99),
                ["status_max_ms_under_saturation"] = statusSaturated.Max(),
                ["status_slow_samples_under_saturation"] = statusSaturated.Count(ms => ms > SlowStatusMs),
                ["status_slow_samples_within_20ms_of_a_timeout"] = slowNearTimeouts,
                ["status_slow_samples_idle"] = statusIdle.Count(ms => ms > SlowStatusMs),
                ["status_p99_saturated_over_idle_ratio"] = Percentiles.Of(statusSaturated, 99) / Percentiles.Of(statusIdle, 99),
            };
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
        }
    }

    private const int StatusSamples = 200;

    /// <summary>A `/status` sample slower than this counts as slow (`status_slow_samples_*`).</summary>
    private const double SlowStatusMs = 1;

    private static async Task<double[]> StatusSamplesAsync(HttpClient http, string url, int count, Action<long, double>? each = null)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync($"{url}/status");
            _ = await response.Content.ReadAsStringAsync();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            each?.Invoke(start, samples[i]);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"/status answered {(int)response.StatusCode}");
            }
        }

        return samples;
    }

    /// <summary>
    /// One GET /w/spin: how long past its 2 s timeout the answer came (the HTTP round trip included),
    /// or null when it was refused busy (every slot still held by a guest whose caller was already answered).
    /// </summary>
    private static async Task<double?> SpinOverrunAsync(HttpClient http, string url)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync($"{url}/w/spin");
        var elapsed = Stopwatch.GetElapsedTime(start);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode switch
        {
            HttpStatusCode.GatewayTimeout => (elapsed - SpinTimeout).TotalMilliseconds,
            HttpStatusCode.ServiceUnavailable when body.Contains("is busy", StringComparison.Ordinal) => null,
            _ => throw new InvalidOperationException($"/w/spin answered {(int)response.StatusCode}: {body}"),
        };
    }

    private static double SpinBusy(string metrics) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith("edge_workload_busy_instances{", StringComparison.Ordinal) && l.Contains("\"spin\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>The real agent process, controller unreachable, running from local state: one idle HTTP workload, and none.</summary>
    private static string NativeAgent()
    {
        var path = Path.Combine(RepositoryRoot(), "artifacts", "publish", "linux-x64", "edge-agent", "edge-agent");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run `dotnet cake --target=Publish` first");
    }

    private static string JitAgentDll() => Path.Combine(RepositoryRoot(), "agent", "Edge.Agent", "bin", "Release", "net10.0", "edge-agent.dll");

    /// <summary>
    /// Idle: the first start compiles the module (Cranelift's pages stay resident); a restart loads it
    /// from the precompiled cache, as a device does after every reboot. Empty: no workload at all.
    /// </summary>
    private static async Task<(double Idle, double Restarted, double Empty)> IdleAgentAsync(byte[] wasm, string dir, string program, string[] prefix)
    {
        var digest = ModuleDigest.Of(wasm);
        var withWorkload = Path.Combine(dir, "agent-idle");
        var cache = new ModuleCache(withWorkload);
        await cache.StoreAsync(digest, wasm, CancellationToken.None);
        using (var store = new AgentStateStore(withWorkload, NullLogger<AgentStateStore>.Instance))
        {
            store.Open(TimeProvider.System);
            store.SaveDesired(new DesiredState
            {
                Version = 1,
                Workloads = [new WorkloadSpec { Name = "hello", ModuleDigest = digest, ModuleSizeBytes = wasm.Length, Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] }],
            });
        }

        var idle = await AgentRssAsync(program, prefix, withWorkload, expectRunning: true);
        var restarted = await AgentRssAsync(program, prefix, withWorkload, expectRunning: true);
        var empty = await AgentRssAsync(program, prefix, Path.Combine(dir, "agent-empty"), expectRunning: false);
        return (idle, restarted, empty);
    }

    private static async Task<double> AgentRssAsync(string program, string[] prefix, string dataDir, bool expectRunning)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(
            program,
            [.. prefix, "run", "--controller", $"http://127.0.0.1:{FreePort()}", "--node-name", "bench", "--data-dir", dataDir, "--status-listen", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var agent = Process.Start(info) ?? throw new InvalidOperationException("cannot start the agent");
        _ = agent.StandardOutput.ReadToEndAsync();
        _ = agent.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var started = Stopwatch.GetTimestamp();
            while (true)
            {
                try
                {
                    var status = await http.GetStringAsync($"http://127.0.0.1:{port}/status");
                    if (!expectRunning || status.Contains("\"phase\": \"Running\"", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet, or too slow to answer on a loaded machine
                }

                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException("the agent did not come up within 60 s");
                }

                await Task.Delay(200);
            }

            // Idle: let start-up garbage settle, then take the lowest of a few readings.
            var readings = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                await Task.Delay(500);
                readings.Add(RssMegabytes(agent.Id));
            }

            return readings.Min();
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
        }
    }

    private static async Task StartAsync(WasmRuntime runtime, string name, byte[] wasm, string path, PoolSpec pool, IReadOnlyList<TriggerSpec>? triggers = null)
    {
        var status = await runtime.StartAsync(
            new WorkloadSpec { Name = name, ModuleDigest = ModuleDigest.Of(wasm), Pool = pool, Triggers = triggers ?? [new TriggerSpec { Kind = TriggerKind.Http }] },
            path,
            CancellationToken.None);
        if (status.Phase != WorkloadPhase.Running)
        {
            throw new InvalidOperationException($"{name}: {status.Message}");
        }
    }

    private static void Check(InvocationResult result)
    {
        if (!result.Succeeded || result.Stdout.Length != 16)
        {
            throw new InvalidOperationException($"invocation {result.Outcome}: {result.Error}");
        }
    }


    private static double RssMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kb / 1024.0;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WriteSamples(params (string Name, double[] Samples)[] series)
    {
        if (Environment.GetEnvironmentVariable("EDGE_BENCH_SAMPLES") is not { Length: > 0 } dir)
        {
            return;
        }

        Directory.CreateDirectory(dir);
        foreach (var (name, samples) in series)
        {
            var sorted = samples.Order().ToArray();
            var text = new StringBuilder();
            for (var i = 0; i < sorted.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{sorted[i]:0.###} {(i + 1) / (double)sorted.Length:0.#####}\n");
            }

            File.WriteAllText(Path.Combine(dir, name + ".dat"), text.ToString());
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
