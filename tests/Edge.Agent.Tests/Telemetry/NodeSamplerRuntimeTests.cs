using System.Text;
using Edge.Agent.Core;
using Edge.Agent.Runtime;
using Edge.Agent.Telemetry;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Telemetry;

/// <summary>Node samples taken from a real Wasmtime runtime.</summary>
public sealed class NodeSamplerRuntimeTests
{
    private const long Page = 65_536;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private FakeTimeProvider _time = null!;
    private TempDirectory _dir = null!;
    private WasmRuntime _runtime = null!;

    [SetUp]
    public void SetUp()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True, "/proc is Linux-only");
        _time = new FakeTimeProvider(new DateTimeOffset(2025, 5, 6, 7, 8, 9, TimeSpan.Zero));
        _dir = new TempDirectory();
        _runtime = new WasmRuntime(new WasmRuntimeOptions(), _time, NullLogger<WasmRuntime>.Instance);
    }

    [TearDown]
    public void TearDown()
    {
        _runtime?.Dispose();
        _dir?.Dispose();
    }

    [Test]
    public async Task Sample_IdlePoolWithTwoWarm_MemoryIsTwiceTheInitialMemory()
    {
        await StartAsync("idle", """(module (memory (export "memory") 1) (func (export "_start")))""", minWarm: 2);
        var sampler = new NodeSampler(_time, _dir.Path, _runtime);
        _ = sampler.Sample(1);

        _time.Advance(TimeSpan.FromSeconds(10));
        var w = sampler.Sample(1).Workloads.Single();

        Assert.That(w.MemoryBytes, Is.EqualTo(2 * Page));
        Assert.That(w.MemoryPeakBytes, Is.EqualTo(2 * Page));
        Assert.That(w.HasCpuTimeUs, Is.True, "instantiating the warm instances took CPU on Linux");
    }

    [Test]
    public async Task Sample_GuestReportedMetrics_AppearInTheSample()
    {
        await StartAsync("metric", """
            (module
              (import "edge" "metric" (func $metric (param i32 i32 f64)))
              (memory (export "memory") 1)
              (data (i32.const 32) "items")
              (func (export "_start") (call $metric (i32.const 32) (i32.const 5) (f64.const 2.5))))
            """, minWarm: 1);
        var sampler = new NodeSampler(_time, _dir.Path, _runtime);

        var first = await _runtime.InvokeAsync("metric", ReadOnlyMemory<byte>.Empty, CancellationToken.None).WaitAsync(Bound);
        var second = await _runtime.InvokeAsync("metric", ReadOnlyMemory<byte>.Empty, CancellationToken.None).WaitAsync(Bound);
        var w = sampler.Sample(1).Workloads.Single();

        Assert.That(first.Succeeded && second.Succeeded, Is.True, first.Error + second.Error);
        Assert.That(w.Custom, Is.EquivalentTo(new Dictionary<string, double> { ["items"] = 5.0 }));
    }

    private async Task StartAsync(string name, string wat, int minWarm)
    {
        var bytes = Encoding.UTF8.GetBytes(wat);
        var path = Path.Combine(_dir.Path, name + ".wat");
        await File.WriteAllBytesAsync(path, bytes);
        var spec = TestModules.Spec(name, bytes) with
        {
            Triggers = [new TriggerSpec { Kind = TriggerKind.Http }],
            Pool = new PoolSpec { MinWarm = minWarm },
        };
        var status = await _runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(Bound);
        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
    }
}
