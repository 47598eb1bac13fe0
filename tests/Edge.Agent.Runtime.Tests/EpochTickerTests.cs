using Wasmtime;

namespace Edge.Agent.Runtime.Tests;

public sealed class EpochTickerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    [Test]
    public void Enter_AGuestRuns_TicksOnItsOwnThreadWithThePoolBlocked()
    {
        using var rig = new TickerRig(Tick);
        var ticker = rig.Ticker;
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.GetMaxThreads(out var maxWorkers, out var maxIo);
        // Not disposed: queued blockers may run after the test.
        var release = new TaskCompletionSource();
        try
        {
            // Every thread-pool thread blocked: a pool timer could not tick now, the ticker's own thread can.
            ThreadPool.SetMaxThreads(Environment.ProcessorCount, maxIo);
            for (var i = 0; i < Environment.ProcessorCount * 2; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => release.Task.Wait(RuntimeHarness.Bound), null);
            }

            ticker.Enter();
            var ticked = SpinWait.SpinUntil(() => ticker.Epoch >= 5, RuntimeHarness.Bound);

            Assert.That(ticked, Is.True, "the ticker did not tick while the thread pool was blocked");
        }
        finally
        {
            release.SetResult();
            ThreadPool.SetMaxThreads(maxWorkers, maxIo);
            ThreadPool.SetMinThreads(workers, io);
        }
    }

    [Test]
    public void Exit_LastGuestLeaves_TickerStopsTicking()
    {
        using var rig = new TickerRig(Tick);
        var ticker = rig.EnteredAndTicked();

        ticker.Exit();
        var after = ticker.Epoch;
        var moved = SpinWait.SpinUntil(() => ticker.Epoch > after + 1, TimeSpan.FromMilliseconds(Tick.TotalMilliseconds * 20));

        Assert.That(moved, Is.False, "an idle ticker went on ticking");
        Assert.That(ticker.WaitIdle(TimeSpan.Zero), Is.True);
    }

    [Test]
    public void Exit_LastRunLeavesBetweenTicks_TickerStaysAwakeUntilItsNextTick()
    {
        // No tick comes during the test: only a tick may park the ticker.
        using var rig = new TickerRig(TimeSpan.FromMinutes(5));
        var ticker = rig.Ticker;
        ticker.Enter();

        ticker.Exit();

        Assert.That(ticker.Parked, Is.False, "the last run's exit parked the ticker: the next run would have to wake it");
        Assert.That(ticker.WaitIdle(TimeSpan.Zero), Is.True);
    }

    [Test]
    public void Exit_NoRunAtTheNextTick_TickerParksAndTheNextRunWakesIt()
    {
        using var rig = new TickerRig(Tick);
        var ticker = rig.EnteredAndTicked();

        ticker.Exit();
        var parked = SpinWait.SpinUntil(() => ticker.Parked, RuntimeHarness.Bound);
        ticker.Enter();
        var woken = !ticker.Parked;
        var before = ticker.Epoch;
        var ticked = SpinWait.SpinUntil(() => ticker.Epoch > before, RuntimeHarness.Bound);
        ticker.Exit();

        Assert.That(parked, Is.True, "the ticker never parked once no run was left");
        Assert.That(woken, Is.True, "a run began and the ticker stayed parked");
        Assert.That(ticked, Is.True, "a woken ticker did not tick");
    }

    /// <summary>An engine with epoch interruption and its ticker.</summary>
    private sealed class TickerRig : IDisposable
    {
        private readonly Config _config = new Config().WithEpochInterruption(true);
        private readonly Engine _engine;

        public TickerRig(TimeSpan tick)
        {
            _engine = new Engine(_config);
            Ticker = new EpochTicker(_engine, tick);
        }

        public EpochTicker Ticker { get; }

        /// <summary>A run entered, and the ticker seen ticking for it.</summary>
        public EpochTicker EnteredAndTicked()
        {
            Ticker.Enter();
            Assert.That(SpinWait.SpinUntil(() => Ticker.Epoch >= 1, RuntimeHarness.Bound), Is.True);
            return Ticker;
        }

        public void Dispose()
        {
            Ticker.Dispose();
            _engine.Dispose();
            _config.Dispose();
        }
    }
}
