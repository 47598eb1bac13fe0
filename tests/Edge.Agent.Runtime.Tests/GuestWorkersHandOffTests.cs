namespace Edge.Agent.Runtime.Tests;

/// <summary>
/// The hand-off between a caller and the guest threads: work never runs on the caller, in order,
/// within capacity; idle threads stop spinning and park; deferred work follows the answer on the
/// same guest thread; a failing deferred action leaves the thread serving.
/// </summary>
public sealed class GuestWorkersHandOffTests
{
    [Test]
    public async Task RunAsync_ManyShortRunsBackToBack_EachRunsOnAGuestThreadAndNeverResumesTheCallerOnOne()
    {
        using var workers = new GuestWorkers(2);
        var caller = Environment.CurrentManagedThreadId;

        for (var i = 0; i < 500; i++)
        {
            // Short runs: the caller watches for the answer instead of awaiting it.
            var (thread, guest, pool) = await workers.RunAsync(() =>
                (Environment.CurrentManagedThreadId, GuestWorkers.OnGuestThread, Thread.CurrentThread.IsThreadPoolThread));

            Assert.That(guest, Is.True, $"run {i} was not on a guest thread");
            Assert.That(pool, Is.False, $"run {i} ran on the thread pool");
            Assert.That(thread, Is.Not.EqualTo(caller), $"run {i} ran inline on its caller");
            Assert.That(GuestWorkers.OnGuestThread, Is.False, $"the caller of run {i} resumed on a guest thread");
        }

        Assert.That(workers.Threads, Is.LessThanOrEqualTo(2));
    }

    [Test]
    public async Task RunAsync_WorkQueuedBehindOneThread_RunsInTheOrderGiven()
    {
        using var workers = new GuestWorkers(1);
        using var release = new ManualResetEventSlim();
        var order = new List<int>();
        var first = workers.RunAsync(() => release.Wait(RuntimeHarness.Bound));
        Assert.That(SpinWait.SpinUntil(() => workers.Busy == 1, RuntimeHarness.Bound), Is.True);
        var queued = Enumerable.Range(0, 20).Select(n => workers.RunAsync(() =>
        {
            lock (order)
            {
                order.Add(n);
            }

            return n;
        })).ToList();

        Assert.That(workers.Queued, Is.EqualTo(20));
        release.Set();
        await Task.WhenAll(queued).WaitAsync(RuntimeHarness.Bound);

        Assert.That(await first, Is.True);
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 20)));
        Assert.That(workers.Threads, Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_SetGoesIdle_EveryThreadStopsSpinningAndParks()
    {
        using var workers = new GuestWorkers(3);
        using var release = new ManualResetEventSlim();
        var runs = Enumerable.Range(0, 3).Select(_ => workers.RunAsync(() => release.Wait(RuntimeHarness.Bound))).ToList();
        Assert.That(SpinWait.SpinUntil(() => workers.Busy == 3, RuntimeHarness.Bound), Is.True);

        release.Set();
        await Task.WhenAll(runs).WaitAsync(RuntimeHarness.Bound);
        var parked = SpinWait.SpinUntil(() => workers.Parked == 3, RuntimeHarness.Bound);

        Assert.That(parked, Is.True, $"{workers.Parked} of 3 idle threads parked: the others spin on");
        Assert.That(workers.Busy, Is.Zero);

        // Parked threads still wake for new work.
        var again = await workers.RunAsync(() => GuestWorkers.OnGuestThread).WaitAsync(RuntimeHarness.Bound);
        Assert.That(again, Is.True);
        Assert.That(workers.Threads, Is.EqualTo(3));
    }

    [Test]
    public async Task TryDefer_InsideARun_RunsOnTheSameGuestThreadAfterTheAnswer()
    {
        using var workers = new GuestWorkers(1);
        using var answered = new ManualResetEventSlim();
        var deferredThread = -1;
        var sawAnswer = false;
        using var deferredDone = new ManualResetEventSlim();

        var runThread = await workers.RunAsync(() =>
        {
            var deferred = GuestWorkers.TryDefer(() =>
            {
                // Waits for the caller to hold the answer: it came before this ran.
                sawAnswer = answered.Wait(RuntimeHarness.Bound);
                deferredThread = Environment.CurrentManagedThreadId;
                deferredDone.Set();
            });
            return deferred ? Environment.CurrentManagedThreadId : -1;
        }).WaitAsync(RuntimeHarness.Bound);
        answered.Set();

        Assert.That(deferredDone.Wait(RuntimeHarness.Bound), Is.True);
        Assert.That(runThread, Is.Not.EqualTo(-1), "TryDefer refused inside a run");
        Assert.That(sawAnswer, Is.True, "the deferred action ran before the answer was handed back");
        Assert.That(deferredThread, Is.EqualTo(runThread));
    }

    [Test]
    public void TryDefer_OutsideAGuestRun_RefusesAndRunsNothing()
    {
        var ran = false;

        var deferred = GuestWorkers.TryDefer(() => ran = true);

        Assert.That(deferred, Is.False);
        Assert.That(ran, Is.False);
    }

    [Test]
    public async Task TryDefer_DeferredActionThrows_TheThreadGoesOnServing()
    {
        using var workers = new GuestWorkers(1);
        var first = await workers.RunAsync(() =>
        {
            GuestWorkers.TryDefer(() => throw new InvalidOperationException("a failed free"));
            return Environment.CurrentManagedThreadId;
        }).WaitAsync(RuntimeHarness.Bound);

        var second = await workers.RunAsync(() => Environment.CurrentManagedThreadId).WaitAsync(RuntimeHarness.Bound);

        Assert.That(second, Is.EqualTo(first), "the only guest thread was lost");
        Assert.That(workers.Threads, Is.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_WorkThrows_TheCallerGetsTheExceptionAndTheThreadServesOn()
    {
        using var workers = new GuestWorkers(1);

        Assert.That(async () => await workers.RunAsync<int>(() => throw new InvalidOperationException("guest failed")).WaitAsync(RuntimeHarness.Bound),
            Throws.InvalidOperationException.With.Message.EqualTo("guest failed"));
        var next = await workers.RunAsync(() => 7).WaitAsync(RuntimeHarness.Bound);

        Assert.That(next, Is.EqualTo(7));
    }

    [Test]
    public async Task Dispose_ThreadsParkedAndSpinning_RefusesNewWorkAndEveryThreadLeaves()
    {
        var workers = new GuestWorkers(2);
        using var release = new ManualResetEventSlim();
        var runs = Enumerable.Range(0, 2).Select(_ => workers.RunAsync(() => release.Wait(RuntimeHarness.Bound))).ToList();
        Assert.That(SpinWait.SpinUntil(() => workers.Busy == 2, RuntimeHarness.Bound), Is.True);
        release.Set();
        await Task.WhenAll(runs).WaitAsync(RuntimeHarness.Bound);

        workers.Dispose();

        Assert.That(() => workers.RunAsync(() => 1), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(SpinWait.SpinUntil(() => workers.AliveThreads == 0, RuntimeHarness.Bound), Is.True, "a guest thread outlived its set");
        Assert.That(workers.Busy, Is.Zero);
    }
}
