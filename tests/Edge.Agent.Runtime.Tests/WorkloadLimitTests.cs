using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>Per-workload limits with the real clock: each bad workload gets its own reason and the others keep serving.</summary>
public sealed class WorkloadLimitTests
{
    [Test]
    public async Task InvokeAsync_InfiniteLoopWithWorkloadTimeout_TimesOutWithThatTimeout()
    {
        using var h = new RuntimeHarness(timeProvider: TimeProvider.System);
        await h.StartTriggeredAsync("spin", TestModules.InfiniteLoop, limits: new LimitsSpec { Timeout = TimeSpan.FromMilliseconds(50) });

        var result = await h.InvokeAsync("spin");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.TimedOut));
        Assert.That(result.Error, Is.EqualTo("timed out after 50ms"));
        Assert.That(h.Runtime.Metrics().Single().FailuresByReason["timeout"], Is.EqualTo(1));
    }

    [Test]
    public async Task InvokeAsync_InfiniteLoopWithFuel_StopsWhenTheFuelIsGone()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("spin", TestModules.InfiniteLoop, limits: new LimitsSpec { Fuel = 10_000 });

        var result = await h.InvokeAsync("spin");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.FuelExhausted));
        Assert.That(result.Error, Is.EqualTo("fuel limit of 10000 exhausted"));
        var metrics = h.Runtime.Metrics().Single();
        Assert.That(metrics.FuelConsumed, Is.EqualTo(10_000));
        Assert.That(metrics.FailuresByReason["fuel"], Is.EqualTo(1));
    }

    [Test]
    public async Task InvokeAsync_MemoryBombWithWorkloadCap_FailsWithThatCap()
    {
        using var h = new RuntimeHarness();
        await h.StartTriggeredAsync("bomb", TestModules.LeakMemory, limits: new LimitsSpec { MemoryBytes = 1024 * 1024 });

        var result = await h.InvokeAsync("bomb");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.MemoryLimitExceeded));
        Assert.That(result.Error, Does.StartWith("memory limit of 1048576 bytes exceeded: "));
        Assert.That(h.Runtime.Metrics().Single().FailuresByReason["memory"], Is.EqualTo(1));
    }

    [Test]
    public async Task InvokeAsync_StdoutFlood_IsStoppedAtTheOutputLimit()
    {
        using var h = new RuntimeHarness(timeProvider: TimeProvider.System);
        await h.StartTriggeredAsync("flood", TestModules.FloodStdout, limits: new LimitsSpec { MaxOutputBytes = 4096, Timeout = TimeSpan.FromMinutes(5) });

        var result = await h.InvokeAsync("flood");

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.OutputLimitExceeded));
        Assert.That(result.Error, Is.EqualTo("output limit of 4096 bytes exceeded on stdout; the run was stopped"));
        Assert.That(result.Stdout.Length, Is.EqualTo(4096));
    }

    [Test]
    public async Task InvokeAsync_BadWorkloadsFailing_LeaveAnotherWorkloadServing()
    {
        using var h = new RuntimeHarness(timeProvider: TimeProvider.System);
        await h.StartTriggeredAsync("spin", TestModules.InfiniteLoop, limits: new LimitsSpec { Timeout = TimeSpan.FromMilliseconds(200) });
        await h.StartTriggeredAsync("flood", TestModules.FloodStdout, limits: new LimitsSpec { MaxOutputBytes = 1024 });
        await h.StartTriggeredAsync("bomb", TestModules.LeakMemory, limits: new LimitsSpec { MemoryBytes = 1024 * 1024 });
        await h.StartTriggeredAsync("good", TestModules.Print("ok\n"));

        var bad = new[] { "spin", "flood", "bomb" }.Select(n => Task.Run(() => h.Runtime.InvokeAsync(n, InvocationRequest.Empty, CancellationToken.None))).ToList();
        var good = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => h.InvokeAsync("good")));
        var outcomes = (await Task.WhenAll(bad).WaitAsync(RuntimeHarness.Bound)).Select(r => r.Outcome);

        Assert.That(good.All(r => r.Succeeded && Encoding.UTF8.GetString(r.Stdout.Span) == "ok\n"), Is.True);
        Assert.That(outcomes, Is.EqualTo(new[] { InvocationOutcome.TimedOut, InvocationOutcome.OutputLimitExceeded, InvocationOutcome.MemoryLimitExceeded }));
        Assert.That(h.Runtime.Snapshot().All(s => s.Phase == WorkloadPhase.Running), Is.True);
    }
}
