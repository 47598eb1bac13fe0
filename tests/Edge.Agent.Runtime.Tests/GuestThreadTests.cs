using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>Guests run on the runtime's own bounded set of threads, never the thread pool.</summary>
public sealed class GuestThreadTests
{
    [Test]
    public async Task RunAsync_Work_RunsOffTheThreadPoolAndResumesTheCallerOnIt()
    {
        using var workers = new GuestWorkers(2);

        var (pool, guest) = await workers.RunAsync(() => (Thread.CurrentThread.IsThreadPoolThread, GuestWorkers.OnGuestThread));

        Assert.That(pool, Is.False);
        Assert.That(guest, Is.True);
        Assert.That(GuestWorkers.OnGuestThread, Is.False, "the caller resumed on a guest thread");
    }

    [Test]
    public async Task RunAsync_MoreWorkThanThreads_UsesAtMostCapacityThreadsAndQueuesTheRest()
    {
        using var workers = new GuestWorkers(2);
        using var release = new ManualResetEventSlim();
        var running = 0;
        var runs = Enumerable.Range(0, 5).Select(_ => workers.RunAsync(() =>
        {
            Interlocked.Increment(ref running);
            release.Wait();
            return Environment.CurrentManagedThreadId;
        })).ToList();

        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref running) == 2, RuntimeHarness.Bound), Is.True);
        Assert.That(workers.Queued, Is.EqualTo(3));
        Assert.That(Volatile.Read(ref running), Is.EqualTo(2));
        release.Set();
        var threads = await Task.WhenAll(runs).WaitAsync(RuntimeHarness.Bound);

        Assert.That(threads.Distinct().Count(), Is.EqualTo(2));
        Assert.That(workers.Threads, Is.EqualTo(2));
    }

    [Test]
    public async Task Dispose_WorkStillQueued_FailsItAsDisposed()
    {
        var workers = new GuestWorkers(1);
        using var release = new ManualResetEventSlim();
        var first = workers.RunAsync(() => release.Wait(RuntimeHarness.Bound));
        var queued = workers.RunAsync(() => true);
        Assert.That(SpinWait.SpinUntil(() => workers.Busy == 1, RuntimeHarness.Bound), Is.True);

        workers.Dispose();
        release.Set();

        Assert.That(async () => await queued.WaitAsync(RuntimeHarness.Bound), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(await first.WaitAsync(RuntimeHarness.Bound), Is.True);
        Assert.That(() => workers.RunAsync(() => 1), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task InvokeAsync_GuestsSpinningOnEveryGuestThread_AnotherInvocationWaitsForAFreeThread()
    {
        using var h = new RuntimeHarness(new WasmRuntimeOptions { GuestThreads = 2 }, TimeProvider.System);
        await h.StartTriggeredAsync("spin", TestModules.InfiniteLoop, new PoolSpec { MaxConcurrency = 4, MaxQueue = 0 }, new LimitsSpec { Timeout = TimeSpan.FromSeconds(60) });
        await h.StartTriggeredAsync("hello", TestModules.Print("hi\n"));
        using var stop = new CancellationTokenSource();
        var spins = Enumerable.Range(0, 2).Select(_ => h.Runtime.InvokeAsync("spin", InvocationRequest.Empty, stop.Token)).ToList();
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.ActiveRuns == 2, RuntimeHarness.Bound), Is.True);

        var hello = h.Runtime.InvokeAsync("hello", Encoding.UTF8.GetBytes(""), CancellationToken.None);
        Assert.That(SpinWait.SpinUntil(() => h.Runtime.GuestWorkQueued == 1, RuntimeHarness.Bound), Is.True, "the third run did not wait for a thread");
        Assert.That(h.Runtime.GuestThreadsBusy, Is.EqualTo(2));
        Assert.That(hello.IsCompleted, Is.False);

        await stop.CancelAsync();
        var answer = await hello.WaitAsync(RuntimeHarness.Bound);

        Assert.That(answer.Succeeded, Is.True, answer.Error);
        foreach (var spin in spins)
        {
            Assert.That(async () => await spin.WaitAsync(RuntimeHarness.Bound), Throws.InstanceOf<OperationCanceledException>());
        }
    }

    [Test]
    public async Task WaitRunningAsync_WhileTheModuleCompiles_WaitsForItToRun()
    {
        using var h = new RuntimeHarness();
        var (spec, path) = h.Module("late", TestModules.Print("ok\n"));
        spec = spec with { Triggers = [new TriggerSpec { Kind = TriggerKind.Http }] };

        var start = h.Runtime.StartAsync(spec, path, CancellationToken.None);
        var starting = h.Runtime.IsStarting("late");
        var shown = h.Runtime.Snapshot().Single(s => s.Name == "late");
        var waited = await h.Runtime.WaitRunningAsync("late", RuntimeHarness.Bound, CancellationToken.None);
        await start.WaitAsync(RuntimeHarness.Bound);

        Assert.That(starting, Is.True, "the start was not marked before it went to compile");
        Assert.That(shown.Phase, Is.EqualTo(WorkloadPhase.Pending));
        Assert.That(shown.Message, Does.StartWith("starting"));
        Assert.That(waited, Is.True);
        Assert.That(h.Runtime.IsStarting("late"), Is.False);
        Assert.That(await h.Runtime.WaitRunningAsync("nope", RuntimeHarness.Bound, CancellationToken.None), Is.False, "an unknown workload is not waited for");
    }
}
