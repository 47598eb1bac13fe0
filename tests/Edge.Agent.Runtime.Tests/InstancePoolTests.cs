using System.Text;
using Edge.Agent.Core;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Runtime.Tests;

public sealed class InstancePoolTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task StartAsync_TriggeredWorkload_KeepsMinWarmInstancesWithoutRunningIt()
    {
        using var h = new RuntimeHarness();

        var status = await h.StartTriggeredAsync("warm", TestModules.Print("ran\n"), new PoolSpec { MinWarm = 3 });

        Assert.That(status.Invocations, Is.Zero, "a triggered workload does not run at start");
        Assert.That(h.Runtime.WarmInstances("warm"), Is.EqualTo(3));
        Assert.That(h.Runtime.Metrics().Single().WarmInstances, Is.EqualTo(3));
    }

    [Test]
    public async Task InvokeAsync_WarmInstanceUsed_IsReplacedInTheBackground()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("warm", TestModules.Print("ran\n"), new PoolSpec { MinWarm = 2 });

        var result = await h.InvokeAsync("warm");

        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(Encoding.UTF8.GetString(result.Stdout.Span), Is.EqualTo("ran\n"));
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("warm") == 2, RuntimeHarness.Bound), Is.True, "the pool did not refill");
    }

    [Test]
    public async Task Trim_AfterIdleAfterWithMinWarmZero_ShrinksToNothingWarm()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var h = new RuntimeHarness(new WasmRuntimeOptions { TrimPeriod = TimeSpan.FromSeconds(1) }, time);
        await h.StartTriggeredAsync("burst", TestModules.Noop, new PoolSpec { MinWarm = 0, IdleAfter = TimeSpan.FromSeconds(30) });
        Assert.That(h.Runtime.WarmInstances("burst"), Is.Zero);

        await h.InvokeAsync("burst");
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("burst") == 1, RuntimeHarness.Bound), Is.True, "the pool did not grow with demand");

        time.Advance(TimeSpan.FromSeconds(31));

        Assert.That(SpinWait.SpinUntil(() => h.Runtime.WarmInstances("burst") == 0, RuntimeHarness.Bound), Is.True, "the pool did not shrink");
    }

    [Test]
    public async Task InvokeAsync_AllSlotsTakenAndNoQueue_IsRefusedAsBusyNamingTheLimits()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("spin", TestModules.InfiniteLoop, new PoolSpec { MaxConcurrency = 1, MaxQueue = 0 });
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => h.Runtime.InvokeAsync("spin", InvocationRequest.Empty, stop.Token));
        h.WaitForRunningGuest();

        var refused = await h.Runtime.InvokeAsync("spin", InvocationRequest.Empty, None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(refused.Outcome, Is.EqualTo(InvocationOutcome.Busy));
        Assert.That(refused.Error, Is.EqualTo("workload 'spin' is busy: 1 invocations running and 0 queued"));
        Assert.That(h.Runtime.Metrics().Single().FailuresByReason["busy"], Is.EqualTo(1));
        await stop.CancelAsync();
        ((FakeTimeProvider)h.Time).Advance(WasmRuntimeOptions.DefaultEpochTickMilliseconds * TimeSpan.FromMilliseconds(1));
        Assert.That(async () => await running.WaitAsync(RuntimeHarness.Bound), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task InvokeAsync_TenThousandQueued_RefusesBeyondTheQueueWhileAnotherWorkloadServes()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("spin", TestModules.InfiniteLoop, new PoolSpec { MaxConcurrency = 1, MaxQueue = 100 });
        await h.StartTriggeredAsync("other", TestModules.Print("fine\n"));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => h.Runtime.InvokeAsync("spin", InvocationRequest.Empty, stop.Token));
        h.WaitForRunningGuest();

        var flood = Enumerable.Range(0, 10_000).Select(_ => h.Runtime.InvokeAsync("spin", InvocationRequest.Empty, stop.Token)).ToList();
        var other = await h.InvokeAsync("other");

        var refused = flood.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
        Assert.That(refused, Has.Count.EqualTo(9_900));
        Assert.That(refused.All(r => r.Outcome == InvocationOutcome.Busy), Is.True);
        Assert.That(refused[0].Error, Is.EqualTo("workload 'spin' is busy: 1 invocations running and 100 queued"));
        Assert.That(other.Succeeded, Is.True, other.Error);
        var metrics = h.Runtime.Metrics().Single(m => m.Name == "spin");
        Assert.That(metrics.QueuedRequests, Is.EqualTo(100));
        Assert.That(metrics.BusyInstances, Is.EqualTo(1));
        Assert.That(metrics.FailuresByReason["busy"], Is.EqualTo(9_900));

        await stop.CancelAsync();
        ((FakeTimeProvider)h.Time).Advance(TimeSpan.FromMilliseconds(WasmRuntimeOptions.DefaultEpochTickMilliseconds));
        Assert.That(async () => await running.WaitAsync(RuntimeHarness.Bound), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task InvokeAsync_TrapThenGoodInput_FailsOnceCountedByReasonThenSucceeds()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("picky", TestModules.TrapOnInput, new PoolSpec { MinWarm = 1 });

        var trapped = await h.InvokeAsync("picky", "x");
        var fine = await h.InvokeAsync("picky");

        Assert.That(trapped.Outcome, Is.EqualTo(InvocationOutcome.Trapped));
        Assert.That(fine.Succeeded, Is.True, fine.Error);
        var metrics = h.Runtime.Metrics().Single();
        Assert.That(metrics.Invocations, Is.EqualTo(2));
        Assert.That(metrics.Failures, Is.EqualTo(1));
        Assert.That(metrics.FailuresByReason, Is.EquivalentTo(new Dictionary<string, long> { ["trap"] = 1 }));
        Assert.That(metrics.Latency.Count, Is.EqualTo(2));
    }

    [Test]
    public async Task InvokeAsync_RequestEnv_IsAddedToTheWorkloadEnvironmentAndWins()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("env", TestModules.PrintArgsAndEnv, env: new Dictionary<string, string> { ["A"] = "spec", ["B"] = "spec" });
        await h.Runtime.StartAsync(spec with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] }, path, None).WaitAsync(RuntimeHarness.Bound);

        var result = await h.Runtime.InvokeAsync(
            "env",
            new InvocationRequest { Env = new Dictionary<string, string> { ["B"] = "request", ["REQUEST_METHOD"] = "POST" } },
            None).WaitAsync(RuntimeHarness.Bound);

        var environ = Encoding.UTF8.GetString(result.Stdout.Span).Split('\0');
        Assert.That(environ, Does.Contain("A=spec").And.Contain("B=request").And.Contain("REQUEST_METHOD=POST"));
        Assert.That(environ, Does.Not.Contain("B=spec"));
    }
}
