using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class RenewalScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void RenewAt_TwoThirdsOfLifetime() =>
        Assert.That(RenewalSchedule.RenewAt(Start, Start.AddDays(30)), Is.EqualTo(Start.AddDays(20)));

    [Test]
    public void Wait_BeforeDue_TimeLeft() =>
        Assert.That(RenewalSchedule.Wait(Start.AddHours(1), Start, Start.AddHours(3)), Is.EqualTo(TimeSpan.FromHours(1)));

    [Test]
    public void Wait_PastDueOrExpired_Zero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RenewalSchedule.Wait(Start.AddHours(2.5), Start, Start.AddHours(3)), Is.EqualTo(TimeSpan.Zero));
            Assert.That(RenewalSchedule.Wait(Start.AddDays(9), Start, Start.AddHours(3)), Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void Wait_FarAway_CappedAtOneDay() =>
        Assert.That(RenewalSchedule.Wait(Start, Start, Start.AddDays(365)), Is.EqualTo(TimeSpan.FromDays(1)));
}
