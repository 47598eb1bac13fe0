using System.Text;
using Edge.Agent.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Runtime.Tests;

/// <summary>A real <see cref="WasmRuntime"/> plus a temp directory of module files.</summary>
internal sealed class RuntimeHarness : IDisposable
{
    /// <summary>Upper bound on any wait in these tests; reaching it means a hang, not slowness.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "edge-runtime-tests-" + Guid.NewGuid().ToString("N"));

    public RuntimeHarness(WasmRuntimeOptions? options = null, TimeProvider? timeProvider = null, IThreadCpuClock? cpuClock = null)
    {
        Directory.CreateDirectory(_directory);
        Time = timeProvider ?? new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Runtime = new WasmRuntime(options ?? new WasmRuntimeOptions(), Time, Logger, cpuClock ?? ThreadCpuClock.Instance);
    }

    public TimeProvider Time { get; }

    public ListLogger<WasmRuntime> Logger { get; } = new();

    public WasmRuntime Runtime { get; }

    /// <summary>Writes a module file and returns its path and a spec naming its digest.</summary>
    public (WorkloadSpec Spec, string Path) Module(
        string name,
        string wat,
        IReadOnlyList<string>? args = null,
        IReadOnlyDictionary<string, string>? env = null) =>
        Module(name, Encoding.UTF8.GetBytes(wat), ".wat", args, env);

    public (WorkloadSpec Spec, string Path) Module(
        string name,
        byte[] content,
        string extension,
        IReadOnlyList<string>? args = null,
        IReadOnlyDictionary<string, string>? env = null)
    {
        var digest = ModuleDigest.Of(content);
        var path = Path.Combine(_directory, ModuleDigest.ToFileName(digest) + extension);
        File.WriteAllBytes(path, content);
        var spec = new WorkloadSpec
        {
            Name = name,
            ModuleDigest = digest,
            ModuleSizeBytes = content.Length,
            Args = args ?? [],
            Env = env ?? new Dictionary<string, string>(),
        };
        return (spec, path);
    }

    public async Task<WorkloadStatus> StartAsync(string name, string wat)
    {
        var (spec, path) = Module(name, wat);
        return await Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);
    }

    /// <summary>Starts a workload with an HTTP trigger, so start instantiates it without running <c>_start</c>.</summary>
    public async Task<WorkloadStatus> StartTriggeredAsync(string name, string wat, PoolSpec? pool = null, LimitsSpec? limits = null)
    {
        var (spec, path) = Module(name, wat);
        spec = spec with
        {
            Triggers = [new TriggerSpec { Kind = TriggerKind.Http }],
            Pool = pool ?? PoolSpec.Default,
            Limits = limits ?? LimitsSpec.Default,
        };
        var status = await Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        return status;
    }

    public async Task<InvocationResult> InvokeAsync(string name, string stdin = "") =>
        await Runtime.InvokeAsync(name, Encoding.UTF8.GetBytes(stdin), CancellationToken.None).WaitAsync(Bound);

    /// <summary>Waits, bounded, until a guest is executing inside Wasmtime.</summary>
    public void WaitForRunningGuest() =>
        Assert.That(SpinWait.SpinUntil(() => Runtime.ActiveRuns > 0, Bound), Is.True, "no guest started running");

    public void Dispose()
    {
        Runtime.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
