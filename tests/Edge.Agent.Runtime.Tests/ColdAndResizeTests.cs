using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

public sealed class ColdAndResizeTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task StartAsync_Cold_CompilesButKeepsNothingWarm()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("cold", TestModules.Print("ran\n"));

        var status = await h.Runtime.StartAsync(Cold(spec), path, None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(status.Phase, Is.EqualTo(WorkloadPhase.Running), status.Message);
        Assert.That(status.Cold, Is.True);
        Assert.That(status.Woken, Is.False);
        Assert.That(status.Invocations, Is.Zero, "a cold job does not run at start");
        Assert.That(h.Runtime.WarmInstances("cold"), Is.Zero);
    }

    [Test]
    public async Task InvokeAsync_Cold_RunsAndReportsTheWakeOnce()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("cold", TestModules.Print("ran\n"));
        await h.Runtime.StartAsync(Cold(spec), path, None).WaitAsync(RuntimeHarness.Bound);
        var woken = new List<string>();
        using var wokenSignal = new SemaphoreSlim(0);
        h.Runtime.Woken += name =>
        {
            lock (woken)
            {
                woken.Add(name);
            }

            wokenSignal.Release();
        };

        var first = await h.InvokeAsync("cold");
        var second = await h.InvokeAsync("cold");

        Assert.That(first.Succeeded, Is.True, first.Error);
        Assert.That(Encoding.UTF8.GetString(first.Stdout.Span), Is.EqualTo("ran\n"));
        Assert.That(second.Succeeded, Is.True, second.Error);
        Assert.That(await wokenSignal.WaitAsync(RuntimeHarness.Bound), Is.True, "no wake was reported");
        Assert.That(h.Runtime.Snapshot().Single().Woken, Is.True);
        lock (woken)
        {
            Assert.That(woken, Is.EqualTo(new[] { "cold" }), "one wake per cold spell");
        }
    }

    [Test]
    public async Task UpdateAsync_ColdToWarm_FillsThePoolAndClearsTheWake()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("cold", TestModules.Print("ran\n"));
        spec = Cold(spec) with { Pool = new PoolSpec { MinWarm = 2 } };
        await h.Runtime.StartAsync(spec, path, None).WaitAsync(RuntimeHarness.Bound);
        await h.InvokeAsync("cold");
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("cold") <= 1, RuntimeHarness.Bound), Is.True, "a cold pool grew past the demand it saw");

        var updated = await h.Runtime.UpdateAsync(spec with { Cold = false }, None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(updated, Is.True);
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("cold") == 2, RuntimeHarness.Bound), Is.True, "the woken pool did not fill to minWarm");
        var status = h.Runtime.Snapshot().Single();
        Assert.That((status.Cold, status.Woken), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task UpdateAsync_MemoryLimitLoweredWithAnInvocationInFlight_InFlightFinishesAndNewRunsGetTheNewLimit()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("slow", await File.ReadAllBytesAsync(RepoPaths.Sample("slow/slow.wat")), ".wat");
        spec = spec with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }], Limits = new LimitsSpec { MemoryBytes = 1 << 20 } };
        var started = await h.Runtime.StartAsync(spec, path, None).WaitAsync(RuntimeHarness.Bound);
        Assert.That(started.Phase, Is.EqualTo(WorkloadPhase.Running), started.Message);
        var inFlight = Task.Run(() => h.Runtime.InvokeAsync("slow", Encoding.UTF8.GetBytes("xxx"), None));
        h.WaitForRunningGuest();

        // samples/slow waits 100 ms per body byte (300 ms here). 128 KiB: below the module's 4 initial pages, so a run under the new limit cannot instantiate.
        var updated = await h.Runtime.UpdateAsync(spec with { Limits = new LimitsSpec { MemoryBytes = 128 << 10 } }, None).WaitAsync(RuntimeHarness.Bound);
        var after = await h.InvokeAsync("slow");
        var finished = await inFlight.WaitAsync(RuntimeHarness.Bound);

        Assert.That(updated, Is.True);
        Assert.That(finished.Succeeded, Is.True, finished.Error);
        Assert.That(Encoding.UTF8.GetString(finished.Stdout.Span), Is.EqualTo("done"));
        Assert.That(after.Outcome, Is.EqualTo(InvocationOutcome.MemoryLimitExceeded), after.Error);
        Assert.That(after.Error, Does.Contain("memory limit of 131072 bytes"));
        Assert.That(h.Runtime.SpecOf("slow")!.Limits.MemoryBytes, Is.EqualTo(128 << 10));
    }

    [Test]
    public async Task UpdateAsync_OtherThanLimitsOrCold_IsRefusedAndChangesNothing()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("web", TestModules.Print("ran\n"));
        spec = spec with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] };
        await h.Runtime.StartAsync(spec, path, None).WaitAsync(RuntimeHarness.Bound);

        var updated = await h.Runtime.UpdateAsync(spec with { Args = ["x"], Limits = new LimitsSpec { Fuel = 5 } }, None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(updated, Is.False);
        Assert.That(h.Runtime.SpecOf("web"), Is.EqualTo(spec));
    }

    private static WorkloadSpec Cold(WorkloadSpec spec) =>
        spec with { Cold = true, Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] };
}
