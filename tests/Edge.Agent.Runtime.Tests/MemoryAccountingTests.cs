using Edge.Agent.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Runtime.Tests;

public sealed class MemoryAccountingTests
{
    private const long Page = 65_536;
    private static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task TakeInterval_IdlePoolWithTwoWarm_AverageIsTwiceTheInitialMemory()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var h = new RuntimeHarness(timeProvider: time);
        await h.StartTriggeredAsync("idle", TestModules.Noop, new PoolSpec { MinWarm = 2 });
        var first = h.Runtime.TakeInterval().Single().Memory!.Value;

        time.Advance(TimeSpan.FromSeconds(10));
        var second = h.Runtime.TakeInterval().Single().Memory!.Value;

        Assert.That(second.HeldBytes, Is.EqualTo(2 * Page));
        Assert.That(second.AverageSince(first), Is.EqualTo(2 * Page));
        Assert.That(second.PeakBytes, Is.EqualTo(2 * Page));
        Assert.That(second.Elapsed - first.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task TakeInterval_RunGrowsMemory_PeakHoldsTheGrowthAndTheAverageLiesBetweenIdleAndPeak()
    {
        const int Pages = 16;
        using var h = new RuntimeHarness(timeProvider: TimeProvider.System);
        await h.StartTriggeredAsync("grow", TestModules.GrowThenSpin(Pages, 40_000_000));
        var idle = h.Runtime.Metrics().Single().Memory!.Value.HeldBytes;
        var first = h.Runtime.TakeInterval().Single().Memory!.Value;

        var result = await h.InvokeAsync("grow");
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("grow") == 1, RuntimeHarness.Bound), Is.True, "the pool did not refill");
        var second = h.Runtime.TakeInterval().Single().Memory!.Value;
        var third = h.Runtime.TakeInterval().Single().Memory!.Value;

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(idle, Is.EqualTo(Page), "one warm instance of one page");
        Assert.That(second.PeakBytes, Is.GreaterThanOrEqualTo((Pages * Page) + Page));
        var average = second.AverageSince(first);
        Assert.That(average, Is.GreaterThan(idle).And.LessThanOrEqualTo(second.PeakBytes), $"growth counted from the run's start: {first} then {second}");
        Assert.That(second.HeldBytes, Is.EqualTo(idle), "the run's instance was thrown away, its replacement is warm");
        Assert.That(third.PeakBytes, Is.EqualTo(idle), "the peak starts again each interval");
    }

    [Test]
    public async Task Metrics_RunFailsAtTheMemoryLimit_ItsBytesAreReleased()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("leak", TestModules.LeakMemory, limits: new LimitsSpec { MemoryBytes = 1 << 20 });

        var result = await h.InvokeAsync("leak");
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("leak") == 1, RuntimeHarness.Bound), Is.True, "the pool did not refill");
        var memory = h.Runtime.TakeInterval().Single().Memory!.Value;

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.MemoryLimitExceeded), result.Error);
        Assert.That(memory.PeakBytes, Is.EqualTo(1 << 20), "it grew to the limit");
        Assert.That(memory.HeldBytes, Is.EqualTo(Page));
    }

    [Test]
    public async Task Trim_DropsTheBurstsInstances_HeldBytesBackToExactlyTheWarmFigure()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var h = new RuntimeHarness(new WasmRuntimeOptions { TrimPeriod = TimeSpan.FromSeconds(1) }, time);
        await h.StartTriggeredAsync("burst", TestModules.Noop, new PoolSpec { MinWarm = 1, IdleAfter = TimeSpan.FromSeconds(30) });
        h.Runtime.FillPool("burst", 4);
        var filled = h.Runtime.Metrics().Single().Memory!.Value.HeldBytes;

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("burst") == 1, RuntimeHarness.Bound), Is.True, "the pool did not shrink");

        Assert.That(filled, Is.EqualTo(4 * Page));
        Assert.That(h.Runtime.Metrics().Single().Memory!.Value.HeldBytes, Is.EqualTo(Page));
    }

    [Test]
    public async Task UpdateAsync_NewMemoryLimit_OldInstancesReleasedAndNewOnesCounted()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("resize", TestModules.Noop);
        spec = spec with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }], Pool = new PoolSpec { MinWarm = 3 } };
        await h.Runtime.StartAsync(spec, path, None).WaitAsync(RuntimeHarness.Bound);
        var before = h.Runtime.Metrics().Single().Memory!.Value.HeldBytes;

        var updated = await h.Runtime.UpdateAsync(spec with { Limits = new LimitsSpec { MemoryBytes = 1 << 20 } }, None).WaitAsync(RuntimeHarness.Bound);
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("resize") == 3, RuntimeHarness.Bound), Is.True, "the pool did not refill");
        var after = h.Runtime.Metrics().Single().Memory!.Value.HeldBytes;

        Assert.That(updated, Is.True);
        Assert.That((before, after), Is.EqualTo((3 * Page, 3 * Page)), "the dropped instances released their bytes, never below zero");
    }

    [Test]
    public async Task Metrics_ColdWorkloadInvoked_HoldsNothingAfterTheRun()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("cold", TestModules.GrowThenSpin(2, 1));
        await h.Runtime.StartAsync(spec with { Cold = true, Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] }, path, None).WaitAsync(RuntimeHarness.Bound);

        var result = await h.InvokeAsync("cold");
        var memory = h.Runtime.TakeInterval().Single().Memory!.Value;

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(memory.PeakBytes, Is.EqualTo(3 * Page), "instantiated for the run, grown by 2 pages");
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.Metrics().Single().Memory!.Value.HeldBytes == h.Runtime.WarmInstances("cold") * Page, RuntimeHarness.Bound), Is.True);
    }
}
