using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Tests.Autoscaling;

public sealed class VerticalRecommenderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Recommend_CpuAtP90AndMemoryAtPeak_WithMargin()
    {
        // CPU 10, 20, …, 100 m: p90 is the 9th of 10 sorted → 90m; × 1.15 = 103.5 → 104m.
        // Memory peak 100 Mi × 1.15 = 115 Mi.
        var samples = Enumerable.Range(1, 10).Select(i => new UsageSample(T0.AddMinutes(-i), i * 10, i * 10L << 20)).ToList();

        var r = VerticalRecommender.Recommend(new ResourceAmount(500, 512L << 20), samples, new VerticalOptions(), T0);

        Assert.That(r.Recommended, Is.EqualTo(new ResourceAmount(104, (long)Math.Ceiling((100L << 20) * 1.15))));
        Assert.That(r.WorthResizing, Is.True);
        Assert.That(r.Reasons[0], Does.Contain("p90"));
    }

    [Test]
    public void Recommend_TooFewSamples_NoRecommendation()
    {
        var r = VerticalRecommender.Recommend(new ResourceAmount(500, 1), [new UsageSample(T0, 1, 1)], new VerticalOptions(), T0);

        Assert.That(r.Recommended, Is.Null);
        Assert.That(r.Reasons[0], Does.Contain("only 1 usage sample"));
    }

    [Test]
    public void Recommend_CloseToCurrent_NotWorthResizing()
    {
        // p90 87m × 1.15 = 100.05 → 101m; current 100m: |101 − 100| = 1 ≤ 10% of 100 → keep. Memory 100 Mi vs peak × 1.15 ≈ 100 Mi.
        var samples = Enumerable.Range(0, 10).Select(i => new UsageSample(T0.AddMinutes(-i), 87, 89L << 20)).ToList();

        var r = VerticalRecommender.Recommend(new ResourceAmount(100, 100L << 20), samples, new VerticalOptions(), T0);

        Assert.That(r.WorthResizing, Is.False);
    }
}
