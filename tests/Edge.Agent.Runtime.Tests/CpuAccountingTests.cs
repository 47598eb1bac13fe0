using System.Diagnostics;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

public sealed class CpuAccountingTests
{
    private const int Iterations = 20_000_000;

    [Test]
    public void ThreadCpuClock_OnLinux_ReadsAndMovesWithWork()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True, "CLOCK_THREAD_CPUTIME_ID is read on Linux only");
        Assert.That(ThreadCpuClock.Instance.TryRead(out var before), Is.True);
        var wall = Stopwatch.StartNew();
        var after = before;
        while (after == before && wall.Elapsed < RuntimeHarness.Bound)
        {
            ThreadCpuClock.Instance.TryRead(out after);
        }

        Assert.That(after, Is.GreaterThan(before), "the thread's CPU clock did not move while it spun");
        Assert.That(TimeSpan.FromTicks((after - before) / 100), Is.LessThanOrEqualTo(wall.Elapsed + TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task Metrics_AfterASpinningRun_CpuTimeIsPositiveAndWithinTheRunsWallTime()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True, "CLOCK_THREAD_CPUTIME_ID is read on Linux only");
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("spin", TestModules.Spin(Iterations));
        var before = h.Runtime.Metrics().Single().CpuTime;

        var wall = Stopwatch.StartNew();
        var result = await h.InvokeAsync("spin");
        // The pool instantiates a replacement after the run, on another thread, and counts it too: wait for it.
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("spin") == 1, RuntimeHarness.Bound), Is.True, "the pool did not refill");
        var elapsed = wall.Elapsed;
        var after = h.Runtime.Metrics().Single().CpuTime;

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(before, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), "instantiating at start takes CPU too");
        var used = after!.Value - before!.Value;
        Assert.That(used, Is.GreaterThan(TimeSpan.Zero));
        // One thread's CPU cannot exceed the time that passed around it; 1 ms covers the clocks' granularity.
        Assert.That(used, Is.LessThanOrEqualTo(elapsed + TimeSpan.FromMilliseconds(1)), $"{used.TotalMilliseconds} ms CPU in {elapsed.TotalMilliseconds} ms");
    }

    [Test]
    public async Task Metrics_ClockFails_CpuTimeIsAbsentNotZeroAndMemoryStillCounted()
    {
        var clock = new FakeCpuClock(fails: true);
        using var h = new RuntimeHarness(cpuClock: clock);
        await h.StartTriggeredAsync("noop", TestModules.Noop);
        var result = await h.InvokeAsync("noop");

        var metrics = h.Runtime.Metrics().Single();

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(clock.Reads, Is.Positive, "the runtime never asked the clock");
        Assert.That(metrics.CpuTime, Is.Null);
        Assert.That(metrics.Memory, Is.Not.Null);
    }

    [Test]
    public async Task Metrics_ClockStandsStill_CpuTimeIsZeroNotAbsent()
    {
        using var h = new RuntimeHarness(cpuClock: new FakeCpuClock(fails: false, nanoseconds: 123_456));
        await h.StartTriggeredAsync("noop", TestModules.Noop);
        await h.InvokeAsync("noop");

        var metrics = h.Runtime.Metrics().Single();

        Assert.That(metrics.CpuTime, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task Metrics_AccountingOff_NeitherCpuNorMemoryAndTheClockIsNeverRead()
    {
        var clock = new FakeCpuClock(fails: false);
        using var h = new RuntimeHarness(new WasmRuntimeOptions { AccountUsage = false }, cpuClock: clock);
        await h.StartTriggeredAsync("noop", TestModules.Noop);
        var result = await h.InvokeAsync("noop");

        var metrics = h.Runtime.Metrics().Single();

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That((metrics.CpuTime, metrics.Memory), Is.EqualTo(((TimeSpan?)null, (MemoryReading?)null)));
        Assert.That(clock.Reads, Is.Zero);
    }
}
