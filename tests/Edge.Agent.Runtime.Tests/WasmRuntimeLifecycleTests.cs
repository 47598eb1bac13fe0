using System.Text;
using Edge.Agent.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Runtime.Tests;

public sealed class WasmRuntimeLifecycleTests
{
    [Test]
    public async Task StopAsync_RunningWorkload_RemovesItFromSnapshot()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("a", TestModules.Print("a\n"));
        await h.StartAsync("b", TestModules.Print("b\n"));

        await h.Runtime.StopAsync("a", CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(h.Runtime.Snapshot().Select(s => s.Name), Is.EqualTo(new List<string> { "b" }));
        Assert.That((await h.InvokeAsync("a")).Outcome, Is.EqualTo(InvocationOutcome.Unavailable));
    }

    [Test]
    public async Task StopAsync_UnknownWorkload_DoesNothing()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("a", TestModules.Print("a\n"));

        await h.Runtime.StopAsync("nobody", CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(h.Runtime.Snapshot().Select(s => s.Name), Is.EqualTo(new List<string> { "a" }));
    }

    [Test]
    public async Task StartAsync_RunningWorkload_IsReplacedByTheNewModule()
    {
        var time = new FakeTimeProvider();
        using var h = new RuntimeHarness(timeProvider: time);
        await h.StartAsync("app", TestModules.Print("v1\n"));
        await h.InvokeAsync("app");
        time.Advance(TimeSpan.FromMinutes(5));
        var (spec, path) = h.Module("app", TestModules.Print("v2\n"));

        var status = await h.Runtime.StartAsync(spec, path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);
        var result = await h.InvokeAsync("app");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(h.Runtime.Snapshot(), Has.Count.EqualTo(1));
            Assert.That(status.ModuleDigest, Is.EqualTo(spec.ModuleDigest));
            Assert.That(status.Since, Is.EqualTo(time.GetUtcNow()));
            Assert.That(status.Invocations, Is.EqualTo(1), "counters start over with the new module");
            Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("v2\n"));
        }
    }

    [Test]
    public async Task StartAsync_RunningWorkloadReplacedByBadModule_IsFailedAndNoLongerRuns()
    {
        using var h = new RuntimeHarness();
        await h.StartAsync("app", TestModules.Print("v1\n"));

        var status = await h.StartAsync("app", TestModules.DivideByZero);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That(h.Runtime.Snapshot().Single().Phase, Is.EqualTo(WorkloadPhase.Failed));
        Assert.That((await h.InvokeAsync("app")).Outcome, Is.EqualTo(InvocationOutcome.Unavailable));
    }

    [Test]
    public async Task StartAsync_FailingWorkload_DoesNotAffectARunningOne()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromMilliseconds(100) }, TimeProvider.System);
        await h.StartAsync("good", TestModules.Print("ok\n"));

        await Task.WhenAll(
            h.StartAsync("spin", TestModules.InfiniteLoop),
            h.StartAsync("trap", TestModules.DivideByZero),
            h.StartAsync("junk", "not wasm"));
        var result = await h.InvokeAsync("good");

        var phases = h.Runtime.Snapshot().ToDictionary(s => s.Name, s => s.Phase);
        Assert.That(phases, Is.EquivalentTo(new Dictionary<string, WorkloadPhase>
        {
            ["good"] = WorkloadPhase.Running,
            ["junk"] = WorkloadPhase.Failed,
            ["spin"] = WorkloadPhase.Failed,
            ["trap"] = WorkloadPhase.Failed,
        }));
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("ok\n"));
    }

    [Test]
    public async Task StartAsync_CanceledWhileGuestRuns_ThrowsAndKeepsThePreviousState()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromHours(1) }, TimeProvider.System);
        await h.StartAsync("spin", TestModules.Print("previous\n"));
        var (spec, path) = h.Module("spin", TestModules.InfiniteLoop);
        using var cts = new CancellationTokenSource();

        var start = h.Runtime.StartAsync(spec, path, cts.Token);
        h.WaitForRunningGuest();
        await cts.CancelAsync();

        Assert.That(async () => await start.WaitAsync(RuntimeHarness.Bound), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(h.Runtime.Snapshot().Single().Phase, Is.EqualTo(WorkloadPhase.Running));
        Assert.That(Encoding.UTF8.GetString((await h.InvokeAsync("spin")).Stdout.Span), Is.EqualTo("previous\n"));
    }

    [Test]
    public void Dispose_WhileGuestRuns_InterruptsItAndRefusesFurtherCalls()
    {
        var h = new RuntimeHarness(new WasmRuntimeOptions { DefaultTimeout = TimeSpan.FromHours(1) }, TimeProvider.System);
        var (spec, path) = h.Module("spin", TestModules.InfiniteLoop);
        var start = h.Runtime.StartAsync(spec, path, CancellationToken.None);
        h.WaitForRunningGuest();

        h.Dispose();

        Assert.That(async () => await start.WaitAsync(RuntimeHarness.Bound), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(h.Runtime.ActiveRuns, Is.Zero);
        Assert.That(() => h.Runtime.InvokeAsync("spin", ReadOnlyMemory<byte>.Empty, CancellationToken.None), Throws.InstanceOf<ObjectDisposedException>());
    }
}
