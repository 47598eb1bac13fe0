namespace Edge.Agent.Runtime.Tests;

/// <summary>
/// Guest threads run below the agent's own: a higher nice value and, where the kernel takes one, the
/// shortest slice; a long run's thread is moved to the idle class and then leaves the set.
/// </summary>
public sealed class GuestThreadPriorityTests
{
    [Test]
    public void LowerCurrentThread_OnLinux_SetsTheNiceValueAndTheShortSliceOfThatThreadOnly()
    {
        Assume.That(OperatingSystem.IsLinux(), "thread priorities are Linux's here");
        var before = Sched("/proc/thread-self/sched");
        var lowered = false;
        Dictionary<string, long> guest = [];
        var thread = new Thread(() =>
        {
            lowered = GuestThreadPriority.LowerCurrentThread();
            guest = Sched("/proc/thread-self/sched");
        });
        thread.Start();
        Assert.That(thread.Join(RuntimeHarness.Bound), Is.True);

        Assert.That(lowered, Is.True);
        Assert.That(guest["prio"], Is.EqualTo(before["prio"] + GuestThreadPriority.GuestNice));
        Assert.That(Sched("/proc/thread-self/sched")["prio"], Is.EqualTo(before["prio"]), "the caller's own priority moved");
        if (Environment.OSVersion.Version >= new Version(6, 12))
        {
            // Kernels taking a custom slice for normal threads show the guest's; the caller keeps the default.
            Assert.That(guest["se.slice"], Is.EqualTo((long)GuestThreadPriority.GuestSlice.TotalNanoseconds));
            Assert.That(before["se.slice"], Is.GreaterThan(guest["se.slice"]));
        }
    }

    [Test]
    public void DemoteToIdle_AnotherThreadOfThisProcess_MovesThatThreadOnly()
    {
        Assume.That(OperatingSystem.IsLinux(), "thread priorities are Linux's here");
        var tid = 0;
        Dictionary<string, long> after = [];
        using var demoted = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            Volatile.Write(ref tid, GuestThreadPriority.CurrentThreadId());
            demoted.Wait(RuntimeHarness.Bound);
            after = Sched("/proc/thread-self/sched");
        });
        thread.Start();
        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref tid) != 0, RuntimeHarness.Bound), Is.True);

        var moved = GuestThreadPriority.DemoteToIdle(tid);
        demoted.Set();
        Assert.That(thread.Join(RuntimeHarness.Bound), Is.True);

        Assert.That(moved, Is.True);
        Assert.That(after["policy"], Is.EqualTo(GuestThreadPriority.IdlePolicy));
        Assert.That(Sched("/proc/thread-self/sched")["policy"], Is.Zero, "the caller's own class moved");
    }

    [Test]
    public async Task GuestWorkers_LongRunThatCannotLeaveTheIdleClass_IsDemotedAndItsThreadLeavesWhileShortRunsKeepTheirs()
    {
        Assume.That(OperatingSystem.IsLinux(), "thread priorities are Linux's here");
        using var workers = new GuestWorkers(capacity: 2, name: "demote-test", restore: _ => false);
        using var release = new ManualResetEventSlim();
        // A short run: never demoted, its thread stays.
        var shortPolicy = await workers.RunAsync(() => Sched("/proc/thread-self/sched")["policy"]);
        workers.DemoteLongRuns();
        Assert.That(shortPolicy, Is.Zero);
        Assert.That(workers.Demotions, Is.Zero);

        // A long run (held past DemoteAfter), demoted by a tick, sees itself in the idle class.
        using var started = new ManualResetEventSlim();
        var longRun = workers.RunAsync(() =>
        {
            started.Set();
            release.Wait(RuntimeHarness.Bound);
            return Sched("/proc/thread-self/sched")["policy"];
        });
        TickUntilDemoted(workers, started);
        release.Set();

        Assert.That(await longRun.WaitAsync(RuntimeHarness.Bound), Is.EqualTo(GuestThreadPriority.IdlePolicy));
        Assert.That(workers.Demotions, Is.EqualTo(1));
        Assert.That(SpinWait.SpinUntil(() => workers.AliveThreads == workers.Threads && workers.Threads <= 1, RuntimeHarness.Bound), Is.True, "the demoted thread stayed in the set");

        // Work after it still runs, on a thread in the normal class.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => workers.RunAsync(() => Sched("/proc/thread-self/sched")["policy"])));
        Assert.That(results, Is.All.Zero);
    }

    [Test]
    public async Task GuestWorkers_LongRun_IsDemotedWhileItRunsAndBackInTheGuestClassAsSoonAsItsGuestReturns()
    {
        Assume.That(OperatingSystem.IsLinux(), "thread priorities are Linux's here");
        using var workers = new GuestWorkers(capacity: 1, name: "restore-test");
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var run = workers.RunAsync(() =>
        {
            started.Set();
            release.Wait(RuntimeHarness.Bound);
            var during = Sched("/proc/thread-self/sched");
            GuestWorkers.GuestReturned();
            var after = Sched("/proc/thread-self/sched");
            return (During: during["policy"], After: after["policy"], AfterPrio: after["prio"], Tid: GuestThreadPriority.CurrentThreadId());
        });
        TickUntilDemoted(workers, started);
        release.Set();
        var seen = await run.WaitAsync(RuntimeHarness.Bound);

        Assert.That(seen.During, Is.EqualTo(GuestThreadPriority.IdlePolicy));
        // The kernel lets a thread leave the idle class with CAP_SYS_NICE or RLIMIT_NICE >= 10; without, it stays and the thread leaves the set.
        var restored = workers.Restores == 1;
        if (restored)
        {
            Assert.That(seen.After, Is.Zero, "back in the normal class before the run's end");
            Assert.That(seen.AfterPrio, Is.EqualTo(120 + GuestThreadPriority.GuestNice), "at the guests' nice value");
            var next = await workers.RunAsync(() => (Tid: GuestThreadPriority.CurrentThreadId(), Policy: Sched("/proc/thread-self/sched")["policy"]));
            Assert.That(next.Tid, Is.EqualTo(seen.Tid), "the restored thread stayed in the set");
            Assert.That(next.Policy, Is.Zero);
        }
        else
        {
            Assert.That(seen.After, Is.EqualTo(GuestThreadPriority.IdlePolicy));
            Assert.That(SpinWait.SpinUntil(() => workers.Threads == 0, RuntimeHarness.Bound), Is.True, "a demoted thread that cannot leave the idle class stayed in the set");
        }
    }

    /// <summary>Once the long run has <paramref name="started"/>, ticks until it is old enough to be demoted.</summary>
    private static void TickUntilDemoted(GuestWorkers workers, ManualResetEventSlim started)
    {
        Assert.That(started.Wait(RuntimeHarness.Bound), Is.True);
        Assert.That(SpinWait.SpinUntil(() =>
        {
            workers.DemoteLongRuns();
            return workers.Demotions == 1;
        }, RuntimeHarness.Bound), Is.True, "the long run was never demoted");
    }

    private static Dictionary<string, long> Sched(string path) =>
        File.ReadLines(path)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && long.TryParse(p[1].Trim(), out _))
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
