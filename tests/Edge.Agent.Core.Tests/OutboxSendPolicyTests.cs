using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class OutboxSendPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public void Next_NothingOutstanding_SendsWithoutDeadline()
    {
        var (step, wait) = OutboxSendPolicy.Next(40, 40, T0, T0.AddHours(1), Timeout, 100);

        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo(OutboxStep.Send));
            Assert.That(wait, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void Next_OutstandingWithinTimeoutAndWindow_SendsAndSaysTimeLeft()
    {
        var (step, wait) = OutboxSendPolicy.Next(60, 40, T0, T0.AddSeconds(10), Timeout, 100);

        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo(OutboxStep.Send));
            Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public void Next_WindowFull_WaitsForTheRestOfTheTimeout()
    {
        var (step, wait) = OutboxSendPolicy.Next(140, 40, T0, T0.AddSeconds(25), Timeout, 100);

        Assert.Multiple(() =>
        {
            Assert.That(step, Is.EqualTo(OutboxStep.Wait));
            Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void Next_NoProgressForTheTimeout_Resends()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OutboxSendPolicy.Next(41, 40, T0, T0 + Timeout, Timeout, 100).Step, Is.EqualTo(OutboxStep.Resend));
            Assert.That(OutboxSendPolicy.Next(140, 40, T0, T0.AddMinutes(5), Timeout, 100).Step, Is.EqualTo(OutboxStep.Resend), "a full window resends too");
            Assert.That(OutboxSendPolicy.Next(41, 40, T0, T0 + Timeout - TimeSpan.FromTicks(1), Timeout, 100).Step, Is.EqualTo(OutboxStep.Send));
        });
    }

    [Test]
    public void Next_AcknowledgedBeyondSent_NothingOutstanding()
    {
        // After a resend the sender starts again from the oldest sample while acknowledgements run ahead of it.
        Assert.That(OutboxSendPolicy.Next(0, 500, T0, T0.AddHours(1), Timeout, 100).Step, Is.EqualTo(OutboxStep.Send));
    }

    [Test]
    public void Next_BadArguments_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => OutboxSendPolicy.Next(1, 0, T0, T0, TimeSpan.Zero, 100), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => OutboxSendPolicy.Next(1, 0, T0, T0, Timeout, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
