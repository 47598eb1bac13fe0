using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

public sealed class ReplicaUsageTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void Samples_RatesLatencyAndBusy_CpuByLittlesLawAndMemoryByInstancesInFlight()
    {
        var store = Store(12);

        var samples = ReplicaUsage.Samples(store, "web", 8L << 20, T0.AddHours(-1)).Samples;

        Assert.Multiple(() =>
        {
            Assert.That(samples, Has.Count.EqualTo(12));
            Assert.That(samples[0].CpuMillis, Is.Zero, "a series has no rate before its second sample");
            Assert.That(samples[1].CpuMillis, Is.EqualTo(50).Within(1e-9), "10 invocations/s x 5 ms = 50 millicores");
            Assert.That(samples[1].MemoryBytes, Is.EqualTo(2 * (8L << 20)), "2 in flight x the 8 MiB limit");
        });
    }

    [Test]
    public void Samples_NoLimitSet_UsesTheAgentDefault()
    {
        var samples = ReplicaUsage.Samples(Store(2), "web", 0, T0.AddHours(-1)).Samples;

        Assert.That(samples[1].MemoryBytes, Is.EqualTo(2 * ReplicaUsage.DefaultInvocationMemoryBytes));
    }

    [Test]
    public void Recommend_OverDerivedUsage_SizesFromIt()
    {
        var samples = ReplicaUsage.Samples(Store(12), "web", 8L << 20, T0.AddHours(-1)).Samples;

        var decision = VerticalRecommender.Recommend(new ResourceAmount(500, 64L << 20), samples, new VerticalOptions(), T0.AddMinutes(5));

        Assert.That(decision.Recommended, Is.EqualTo(new ResourceAmount(58, (long)Math.Ceiling(16L * 1024 * 1024 * 1.15))));
        Assert.That(decision.WorthResizing, Is.True);
    }

    private static TelemetrySeriesStore Store(int count)
    {
        var store = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        for (var i = 0; i < count; i++)
        {
            store.For("n1").Record(new IngestedSample((ulong)i + 1, T0.AddSeconds(10 * i), 0.1, 0, 0, 0, 0, 0, 0, 0, 1,
                [new IngestedWorkload("web", (ulong)(100 * i), 0, 5, 9, 1, 2, 0)]));
        }

        return store;
    }
}
