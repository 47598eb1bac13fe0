using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class BackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);
    private const double AlmostOne = 0.9999999999;

    [TestCase(0, 1_000)]
    [TestCase(1, 2_000)]
    [TestCase(2, 4_000)]
    [TestCase(3, 8_000)]
    [TestCase(4, 16_000)]
    public void Delay_RandomNearOne_FullCeilingDoublingFromMin(int attempt, double ceilingMs)
    {
        var delay = Backoff.Delay(attempt, Min, Max, AlmostOne);

        Assert.That(delay.TotalMilliseconds, Is.EqualTo(ceilingMs).Within(0.01));
    }

    [TestCase(0, 500)]
    [TestCase(1, 1_000)]
    [TestCase(3, 4_000)]
    [TestCase(10, 15_000)]
    public void Delay_RandomZero_HalfTheCeiling(int attempt, double expectedMs)
    {
        var delay = Backoff.Delay(attempt, Min, Max, 0);

        Assert.That(delay, Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));
    }

    [Test]
    public void Delay_RandomHalf_ThreeQuartersOfTheCeiling()
    {
        var delay = Backoff.Delay(2, Min, Max, 0.5);

        Assert.That(delay, Is.EqualTo(TimeSpan.FromMilliseconds(3_000)));
    }

    [Test]
    public void Delay_GrowingAttempts_NeverShrinksAndReachesMax()
    {
        var delays = Enumerable.Range(0, 20).Select(a => Backoff.Delay(a, Min, Max, AlmostOne)).ToList();

        Assert.That(delays, Is.Ordered);
        Assert.That(delays[^1].TotalMilliseconds, Is.EqualTo(Max.TotalMilliseconds).Within(0.01));
    }

    [Test]
    public void Delay_AnyAttemptAndRandom_WithinHalfMinAndMax()
    {
        var random = new Random(1234);
        var outside = new List<string>();

        for (var i = 0; i < 10_000; i++)
        {
            var attempt = random.Next(0, 64);
            var r = random.NextDouble();
            var delay = Backoff.Delay(attempt, Min, Max, r);
            if (delay < Min / 2 || delay > Max)
            {
                outside.Add($"attempt {attempt}, random {r}: {delay}");
            }
        }

        Assert.That(outside, Is.Empty);
    }

    [TestCase(-0.5)]
    [TestCase(7.0)]
    public void Delay_RandomOutOfRange_ClampedIntoHalfToFullCeiling(double random01)
    {
        var delay = Backoff.Delay(30, Min, Max, random01);

        Assert.That(delay, Is.InRange(Max / 2, Max));
    }

    [TestCase(31)]
    [TestCase(1000)]
    [TestCase(int.MaxValue)]
    public void Delay_HugeAttempt_CappedAtMaxWithoutOverflow(int attempt)
    {
        var delay = Backoff.Delay(attempt, Min, TimeSpan.FromDays(365), AlmostOne);

        // The exponent stops at 30: 2^30 s is about 34 years, so the one-year max caps it.
        Assert.That(delay.TotalMilliseconds, Is.EqualTo(TimeSpan.FromDays(365).TotalMilliseconds).Within(0.0001).Percent);
    }

    [Test]
    public void Delay_HugeAttemptWithFarMax_CeilingStopsAtTwoToThe30Min()
    {
        var delay = Backoff.Delay(1000, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(36_500), 0);

        Assert.That(delay, Is.EqualTo(TimeSpan.FromMilliseconds(Math.Pow(2, 30) / 2)));
    }

    [Test]
    public void Delay_MinEqualsMax_AlwaysBetweenHalfAndMax()
    {
        var low = Backoff.Delay(5, Max, Max, 0);
        var high = Backoff.Delay(5, Max, Max, AlmostOne);

        Assert.That(low, Is.EqualTo(Max / 2));
        Assert.That(high.TotalMilliseconds, Is.EqualTo(Max.TotalMilliseconds).Within(0.01));
    }

    [Test]
    public void Delay_NegativeAttempt_Throws()
    {
        Assert.That(() => Backoff.Delay(-1, Min, Max, 0.5), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("attempt"));
    }

    [Test]
    public void Delay_MaxBelowMin_Throws()
    {
        Assert.That(() => Backoff.Delay(0, Max, Min, 0.5), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("max"));
    }
}
