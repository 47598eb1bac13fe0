using Microsoft.Extensions.Time.Testing;
using Wasmtime;

namespace Edge.Agent.Runtime.Tests;

public sealed class GuestRunTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    [TestCase(100, 10, 11)]
    [TestCase(105, 10, 12)]
    [TestCase(10, 10, 2)]
    public void DeadlineTicks_Timeout_CoversAtLeastTheTimeout(int timeoutMs, int tickMs, long expected) =>
        Assert.That(
            WasmRuntime.DeadlineTicks(TimeSpan.FromMilliseconds(timeoutMs), TimeSpan.FromMilliseconds(tickMs)),
            Is.EqualTo(expected));

    [Test]
    public void OnEpochDeadline_BeforeDeadlineTicks_LetsTheGuestGoOnForOneTick()
    {
        var time = new FakeTimeProvider();
        using var config = new Config().WithEpochInterruption(true);
        using var engine = new Engine(config);
        using var ticker = new EpochTicker(engine, Tick, time);
        var run = new GuestRun(0, ticker, ticker.Enter(), deadlineTicks: 3, CancellationToken.None, CancellationToken.None);

        time.Advance(Tick * 2);

        Assert.That(run.OnEpochDeadline(null!), Is.EqualTo(1UL));
        Assert.That(run.TimedOut, Is.False);
    }

    [Test]
    public void OnEpochDeadline_AtDeadlineTicks_StopsTheGuestAsTimedOut()
    {
        var time = new FakeTimeProvider();
        using var config = new Config().WithEpochInterruption(true);
        using var engine = new Engine(config);
        using var ticker = new EpochTicker(engine, Tick, time);
        var run = new GuestRun(0, ticker, ticker.Enter(), deadlineTicks: 3, CancellationToken.None, CancellationToken.None);

        time.Advance(Tick * 3);

        Assert.That(() => run.OnEpochDeadline(null!), Throws.TypeOf<TimeoutException>());
        Assert.That(run.TimedOut, Is.True);
    }

    [Test]
    public void OnEpochDeadline_NoGuestRunning_TickerDoesNotTick()
    {
        var time = new FakeTimeProvider();
        using var config = new Config().WithEpochInterruption(true);
        using var engine = new Engine(config);
        using var ticker = new EpochTicker(engine, Tick, time);
        ticker.Enter();
        ticker.Exit();

        time.Advance(Tick * 5);

        Assert.That(ticker.Epoch, Is.Zero);
    }

    [Test]
    public void OnEpochDeadline_TokenCanceled_StopsTheGuestAsCanceled()
    {
        var time = new FakeTimeProvider();
        using var config = new Config().WithEpochInterruption(true);
        using var engine = new Engine(config);
        using var ticker = new EpochTicker(engine, Tick, time);
        using var cts = new CancellationTokenSource();
        var run = new GuestRun(0, ticker, ticker.Enter(), deadlineTicks: 100, cts.Token, CancellationToken.None);

        cts.Cancel();

        Assert.That(() => run.OnEpochDeadline(null!), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(run.Canceled, Is.True);
        Assert.That(run.TimedOut, Is.False);
    }
}
