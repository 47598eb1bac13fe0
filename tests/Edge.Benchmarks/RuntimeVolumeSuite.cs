using System.Diagnostics;
using System.Text;
using Edge.Agent.Core;
using Edge.Agent.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Benchmarks;

/// <summary>
/// What a volume costs a warm invocation (one pre-instantiated instance → answer), in one run,
/// alternating blocks so drift on a shared machine hits every figure alike:
/// <list type="bullet">
/// <item><c>invoke_with_volume_p50_us</c>: a workload with one persistent volume whose guest opens
/// a file in it (created, truncated), writes 16 bytes, closes, opens it again, reads the 16 bytes,
/// closes and prints them; the clock spans <c>InvokeAsync</c> (Wasmtime's own WASI, the preopen,
/// the file calls, the volume measured after the run).</item>
/// <item><c>invoke_with_volume_no_file_io_p50_us</c>: the same volume, a guest that prints the same
/// 16 bytes without touching a file: the volume's fixed cost (linker, preopen, measuring).</item>
/// <item><c>invoke_without_volume_p50_us</c> (the baseline): that same no-file guest with no volume,
/// on the fast path (shadowed standard streams) every workload without volumes takes.</item>
/// </list>
/// </summary>
internal static class RuntimeVolumeSuite
{
    private const int Blocks = 20;
    private const int BlockSize = 200;

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync()
    {
        var dir = Directory.CreateTempSubdirectory("edge-bench-volumes-").FullName;
        try
        {
            using var runtime = new WasmRuntime(
                new WasmRuntimeOptions { VolumesDirectory = Path.Combine(dir, "volumes") }, TimeProvider.System, NullLogger<WasmRuntime>.Instance);
            var volume = new VolumeSpec { Name = "data", Kind = VolumeKind.Persistent, MountPath = "/data", SizeBytes = 1 << 20 };
            await StartAsync(runtime, dir, "file-io", Module(fileIo: true), [volume]);
            await StartAsync(runtime, dir, "volume-no-io", Module(fileIo: false), [volume]);
            await StartAsync(runtime, dir, "no-volume", Module(fileIo: false), []);

            var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal) { ["file-io"] = [], ["volume-no-io"] = [], ["no-volume"] = [] };
            foreach (var name in samples.Keys)
            {
                await InvokeAsync(runtime, name, BlockSize); // warm-up
            }

            for (var b = 0; b < Blocks; b++)
            {
                foreach (var (name, list) in samples)
                {
                    list.AddRange(await InvokeAsync(runtime, name, BlockSize));
                }
            }

            var with = Percentiles.Of(samples["file-io"], 50);
            var without = Percentiles.Of(samples["no-volume"], 50);
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["invoke_with_volume_p50_us"] = with,
                ["invoke_with_volume_p99_us"] = Percentiles.Of(samples["file-io"], 99),
                ["invoke_with_volume_no_file_io_p50_us"] = Percentiles.Of(samples["volume-no-io"], 50),
                ["invoke_with_volume_no_file_io_p99_us"] = Percentiles.Of(samples["volume-no-io"], 99),
                ["invoke_without_volume_p50_us"] = without,
                ["invoke_without_volume_p99_us"] = Percentiles.Of(samples["no-volume"], 99),
                ["volume_over_no_volume_ratio"] = with / without,
                ["invocations_per_figure"] = Blocks * BlockSize,
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task StartAsync(WasmRuntime runtime, string dir, string name, byte[] wasm, IReadOnlyList<VolumeSpec> volumes)
    {
        var path = Path.Combine(dir, name + ".wat");
        await File.WriteAllBytesAsync(path, wasm);
        var status = await runtime.StartAsync(
            new WorkloadSpec
            {
                Name = name,
                ModuleDigest = ModuleDigest.Of(wasm),
                Pool = new PoolSpec { MinWarm = 1, MaxConcurrency = 1 },
                Triggers = [new TriggerSpec { Kind = TriggerKind.Http }],
                Volumes = volumes,
            },
            path,
            CancellationToken.None);
        if (status.Phase != WorkloadPhase.Running)
        {
            throw new InvalidOperationException($"{name}: {status.Message}");
        }
    }

    /// <summary><paramref name="count"/> warm invocations, each after its warm instance is back; µs each.</summary>
    private static async Task<double[]> InvokeAsync(WasmRuntime runtime, string workload, int count)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            SpinWait.SpinUntil(() => runtime.WarmInstances(workload) >= 1);
            var start = Stopwatch.GetTimestamp();
            var result = await runtime.InvokeAsync(workload, InvocationRequest.Empty, CancellationToken.None);
            samples[i] = (Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency;
            if (!result.Succeeded || Encoding.ASCII.GetString(result.Stdout.Span) != Payload)
            {
                throw new InvalidOperationException($"{workload}: {result.Outcome} {result.Error}: the figure would not be what it says");
            }
        }

        return samples;
    }

    private const string Payload = "0123456789abcdef";

    /// <summary>The guest: with <paramref name="fileIo"/>, writes the payload to /data/bench.txt and reads it back before printing it; else prints it.</summary>
    private static byte[] Module(bool fileIo)
    {
        // path_open(dirfd 3 = the first preopen, dirflags, path, oflags, rights (fd_read 2 | fd_write 64), inheriting, fdflags, &fd)
        const string Open = "(call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9) (i32.const {0}) (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 0))";
        var io = fileIo ? $$"""
                (if (i32.ne {{string.Format(System.Globalization.CultureInfo.InvariantCulture, Open, 9)}} (i32.const 0)) (then unreachable))
                (local.set $fd (i32.load (i32.const 0)))
                (i32.store (i32.const 16) (i32.const 200)) (i32.store (i32.const 20) (i32.const 16))
                (if (i32.ne (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 24)) (i32.const 0)) (then unreachable))
                (drop (call $fd_close (local.get $fd)))
                (if (i32.ne {{string.Format(System.Globalization.CultureInfo.InvariantCulture, Open, 0)}} (i32.const 0)) (then unreachable))
                (local.set $fd (i32.load (i32.const 0)))
                (i32.store (i32.const 32) (i32.const 300)) (i32.store (i32.const 36) (i32.const 16))
                (if (i32.ne (call $fd_read (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 40)) (i32.const 0)) (then unreachable))
                (drop (call $fd_close (local.get $fd)))
                (i32.store (i32.const 48) (i32.const 300))
            """ : "(i32.store (i32.const 48) (i32.const 200))";
        var wat = $$"""
            (module
              (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 100) "bench.txt")
              (data (i32.const 200) "{{Payload}}")
              (func (export "_start") (local $fd i32)
                {{io}}
                (i32.store (i32.const 52) (i32.const 16))
                (drop (call $fd_write (i32.const 1) (i32.const 48) (i32.const 1) (i32.const 56)))))
            """;
        return Encoding.UTF8.GetBytes(wat);
    }
}
