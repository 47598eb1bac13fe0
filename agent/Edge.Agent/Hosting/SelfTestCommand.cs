using System.Text;
using Edge.Agent.Core;
using Edge.Agent.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Agent.Hosting;

/// <summary>
/// edge-agent selftest: compiles and runs a built-in WASI module through the
/// real runtime, so an installed (or emulated) build proves its native Wasmtime works.
/// </summary>
internal static class SelfTestCommand
{
    public const string Expected = "edge selftest ok";

    private const string Module = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "edge selftest ok\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 16))
            (i32.store (i32.const 4) (i32.const 17))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """;

    public static async Task<int> RunAsync(TextWriter stdout, CancellationToken ct)
    {
        var version = typeof(SelfTestCommand).Assembly.GetName().Version?.ToString(3) ?? "unknown";
        await stdout.WriteLineAsync($"edge-agent {version} ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()})");
        var dir = Directory.CreateTempSubdirectory("edge-selftest-");
        try
        {
            var path = Path.Combine(dir.FullName, "selftest.wat");
            var content = Encoding.UTF8.GetBytes(Module);
            await File.WriteAllBytesAsync(path, content, ct);
            // The runtime only reports the digest, and hashing would load libssl, which selftest must not need.
            var spec = new WorkloadSpec { Name = "selftest", ModuleDigest = "sha256:" + new string('0', 64) };
            using var runtime = new WasmRuntime(new WasmRuntimeOptions(), TimeProvider.System, NullLogger<WasmRuntime>.Instance);
            var started = await runtime.StartAsync(spec, path, ct);
            if (started.Phase != WorkloadPhase.Running)
            {
                return await AgentProgram.FailAsync($"selftest: the sample module did not start: {started.Message}", 1);
            }

            var result = await runtime.InvokeAsync(spec.Name, ReadOnlyMemory<byte>.Empty, ct);
            var output = Encoding.UTF8.GetString(result.Stdout.Span).TrimEnd('\n');
            if (!result.Succeeded || output != Expected)
            {
                return await AgentProgram.FailAsync($"selftest: the sample module ran {result.Outcome} with output '{output}' {result.Error}", 1);
            }

            await stdout.WriteLineAsync($"wasm: {output} ({result.Duration.TotalMilliseconds:F1} ms)");
            // Proves the thread CPU clock resolves on this device; telemetry leaves the figure out where it does not.
            var cpu = runtime.Metrics().Single().CpuTime;
            await stdout.WriteLineAsync(cpu is { } time
                ? $"usage: CPU time measured ({time.TotalMilliseconds:F3} ms for start and run)"
                : "usage: CPU time not measured on this system (workload CPU is left out of telemetry)");
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
