using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

[TestFixture]
public sealed class JobRetryTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(10);

    [Test]
    public void Decide_Succeeded_IsSucceededWithNoRetry()
    {
        var decision = JobRetry.Decide(new JobSpec { BackoffLimit = 3 }, attempts: 2, succeeded: true, Base);

        Assert.That(decision, Is.EqualTo(new JobDecision(WorkloadPhase.Succeeded, null, "Completed")));
    }

    [Test]
    public void Decide_FailedWithoutJobSettings_IsFinalAtOnce()
    {
        var decision = JobRetry.Decide(null, attempts: 1, succeeded: false, Base);

        Assert.That(decision, Is.EqualTo(new JobDecision(WorkloadPhase.Failed, null, "Failed")));
    }

    [TestCase(1, 10)]
    [TestCase(2, 20)]
    [TestCase(3, 40)]
    [TestCase(6, 320)]
    [TestCase(7, 360)]
    [TestCase(60, 360)]
    public void Decide_FailedWithinTheLimit_RetriesAfterDoublingDelayCappedAtSixMinutes(int attempts, int seconds)
    {
        var decision = JobRetry.Decide(new JobSpec { BackoffLimit = 100 }, attempts, succeeded: false, Base);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Phase, Is.EqualTo(WorkloadPhase.Pending));
            Assert.That(decision.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
            Assert.That(decision.Reason, Is.EqualTo($"BackOff: attempt {attempts} of 101 failed"));
        });
    }

    [Test]
    public void Decide_FailedPastTheLimit_IsFailedNamingTheLimit()
    {
        var decision = JobRetry.Decide(new JobSpec { RestartPolicy = RestartPolicy.OnFailure, BackoffLimit = 2 }, attempts: 3, succeeded: false, Base);

        Assert.That(decision, Is.EqualTo(new JobDecision(WorkloadPhase.Failed, null, "BackoffLimitExceeded: 3 of 3 attempts failed")));
    }

    [Test]
    public void Decide_BackoffLimitZero_FirstFailureIsFinal()
    {
        var decision = JobRetry.Decide(new JobSpec { BackoffLimit = 0 }, attempts: 1, succeeded: false, Base);

        Assert.That(decision.Phase, Is.EqualTo(WorkloadPhase.Failed));
    }

    [Test]
    public void Decide_NoAttempt_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JobRetry.Decide(null, attempts: 0, succeeded: true, Base));
    }
}
