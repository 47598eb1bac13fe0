using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Runtime.Tests;

public sealed class GuestRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    [Test]
    public void OnEpochDeadline_BeforeTheTimeout_LetsTheGuestGoOnForOneTick()
    {
        var time = new FakeTimeProvider();
        var run = new GuestRun(0, time, time.GetTimestamp(), Timeout, CancellationToken.None, CancellationToken.None);

        time.Advance(Timeout - TimeSpan.FromTicks(1));

        Assert.That(run.OnEpochDeadline(null!), Is.EqualTo(1UL));
        Assert.That(run.TimedOut, Is.False);
    }

    [Test]
    public void OnEpochDeadline_AtTheTimeout_StopsTheGuestAsTimedOut()
    {
        var time = new FakeTimeProvider();
        var run = new GuestRun(0, time, time.GetTimestamp(), Timeout, CancellationToken.None, CancellationToken.None);

        time.Advance(Timeout);

        Assert.That(() => run.OnEpochDeadline(null!), Throws.TypeOf<TimeoutException>());
        Assert.That(run.TimedOut, Is.True);
    }

    [Test]
    public void OnEpochDeadline_FirstTickLongAfterTheTimeout_StopsAtThatTick()
    {
        // A tick that comes late (a loaded machine) finds the budget spent by the clock: no ticks are owed.
        var time = new FakeTimeProvider();
        var run = new GuestRun(0, time, time.GetTimestamp(), Timeout, CancellationToken.None, CancellationToken.None);

        time.Advance(Timeout * 30);

        Assert.That(() => run.OnEpochDeadline(null!), Throws.TypeOf<TimeoutException>());
    }

    [Test]
    public void OnEpochDeadline_TokenCanceled_StopsTheGuestAsCanceled()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var run = new GuestRun(0, time, time.GetTimestamp(), Timeout, cts.Token, CancellationToken.None);

        cts.Cancel();

        Assert.That(() => run.OnEpochDeadline(null!), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(run.Canceled, Is.True);
        Assert.That(run.TimedOut, Is.False);
    }
}
