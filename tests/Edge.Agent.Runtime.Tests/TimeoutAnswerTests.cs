using System.Diagnostics;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>
/// A guest the epoch cannot stop (asleep inside a WASI call) still gets its caller answered at its
/// timeout; its slot stays taken until it has really stopped, so the concurrency limit holds.
/// </summary>
public sealed class TimeoutAnswerTests
{
    /// <summary>Sleeps in poll_oneoff for the given seconds (a relative monotonic clock), then writes "woke".</summary>
    private static string Sleep(int seconds) => $$"""
        (module
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 200) "woke")
          (func (export "_start")
            (i64.store (i32.const 0) (i64.const 0))
            (i32.store8 (i32.const 8) (i32.const 0))
            (i32.store (i32.const 16) (i32.const 1))
            (i64.store (i32.const 24) (i64.const {{seconds}}000000000))
            (i64.store (i32.const 32) (i64.const 0))
            (i32.store16 (i32.const 40) (i32.const 0))
            (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))
            (i32.store (i32.const 300) (i32.const 200))
            (i32.store (i32.const 304) (i32.const 4))
            (drop (call $fd_write (i32.const 1) (i32.const 300) (i32.const 1) (i32.const 308)))))
        """;

    [Test]
    public async Task Invoke_GuestAsleepPastItsTimeout_IsAnsweredTimedOutBeforeItWakes()
    {
        using var h = new RuntimeHarness(timeProvider: TimeProvider.System);
        await h.StartTriggeredAsync("sleepy", Sleep(3), new PoolSpec { MinWarm = 1, MaxConcurrency = 1, MaxQueue = 0 },
            new LimitsSpec { Timeout = TimeSpan.FromMilliseconds(300) });

        var clock = Stopwatch.StartNew();
        var result = await h.InvokeAsync("sleepy");
        var answeredAfter = clock.Elapsed;
        var busyMeanwhile = await h.Runtime.InvokeAsync("sleepy", ReadOnlyMemory<byte>.Empty, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

        Assert.That(result.Outcome, Is.EqualTo(InvocationOutcome.TimedOut), result.Error);
        Assert.That(result.Error, Is.EqualTo("timed out after 300ms"));
        Assert.That(answeredAfter, Is.LessThan(TimeSpan.FromSeconds(2.5)), "the caller waited for the guest to wake");
        Assert.That(busyMeanwhile.Outcome, Is.EqualTo(InvocationOutcome.Busy), "the slot was given back while the guest still slept");
        // Once it wakes, the guest is stopped at its deadline check and the slot comes back.
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.Metrics().Single().BusyInstances == 0, TimeSpan.FromSeconds(30)), Is.True);
        var metrics = h.Runtime.Metrics().Single();
        Assert.That(metrics.FailuresByReason.GetValueOrDefault("timeout"), Is.EqualTo(1), "the run itself is counted once, as a timeout");
    }

    [Test]
    public async Task Invoke_CallerCancelsWhileTheGuestSleeps_ThrowsAtOnceAndKeepsTheSlotUntilTheGuestStops()
    {
        using var h = new RuntimeHarness(timeProvider: TimeProvider.System);
        await h.StartTriggeredAsync("sleepy", Sleep(2), new PoolSpec { MinWarm = 1, MaxConcurrency = 1, MaxQueue = 0 },
            new LimitsSpec { Timeout = TimeSpan.FromSeconds(60) });
        using var cancel = new CancellationTokenSource();

        var call = h.Runtime.InvokeAsync("sleepy", ReadOnlyMemory<byte>.Empty, cancel.Token);
        h.WaitForRunningGuest();
        await cancel.CancelAsync();

        Assert.That(async () => await call.WaitAsync(TimeSpan.FromSeconds(2)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(h.Runtime.Metrics().Single().BusyInstances, Is.EqualTo(1), "the slot was given back while the guest still slept");
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.Metrics().Single().BusyInstances == 0, TimeSpan.FromSeconds(30)), Is.True);
    }
}
