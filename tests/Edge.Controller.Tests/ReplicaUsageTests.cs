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

    [Test]
    public void Samples_AgentMeasuresCpuAndMemory_MeasuredCpuAndPeakMemoryTaken()
    {
        var usage = ReplicaUsage.Samples(MeasuredStore(12), "web", 8L << 20, T0.AddHours(-1));

        Assert.Multiple(() =>
        {
            Assert.That(usage.Samples[0].CpuMillis, Is.EqualTo(120).Within(1e-9), "1.2 s of CPU per 10 s, not the 50m estimate");
            Assert.That(usage.Samples[0].MemoryBytes, Is.EqualTo(30L << 20), "the interval's peak, not its 20 MiB average nor the 16 MiB estimate");
            Assert.That(usage.Samples, Has.Count.EqualTo(11), "the first sample has no CPU rate yet: left out, not estimated");
            Assert.That(usage.CpuMeasured, Is.EqualTo(11));
            Assert.That(usage.MemoryMeasured, Is.EqualTo(11));
            Assert.That(usage.Reasons()[0], Does.StartWith("cpu measured: the agents' CPU time (millicores) in all 11 samples"));
            Assert.That(usage.Reasons()[1], Does.StartWith("memory measured: the peak linear memory per interval in all 11 samples"));
        });
    }

    [Test]
    public void Samples_OldAgent_ReasonsSayEstimated()
    {
        var usage = ReplicaUsage.Samples(Store(12), "web", 8L << 20, T0.AddHours(-1));

        Assert.That(usage.Reasons(), Is.EqualTo(new[]
        {
            "cpu estimated: invocations/s x p50 latency, from agents that do not report CPU time",
            "memory estimated: invocations in flight x the per-invocation memory limit, from agents that do not report memory",
        }));
    }

    [Test]
    public void Recommend_OverMeasuredUsageTwoReplicasOnTheNode_SizesEachReplicaFromItsShare()
    {
        var usage = ReplicaUsage.Samples(MeasuredStore(12), "web", 8L << 20, T0.AddHours(-1), new Dictionary<string, int> { ["n1"] = 2 });

        var decision = VerticalRecommender.Recommend(new ResourceAmount(500, 64L << 20), usage.Samples, new VerticalOptions(), T0.AddMinutes(5));

        // Each replica: 60m (p90 of 0 and eleven 60m) + 15% = 69m; a 15 MiB peak + 15%.
        Assert.That(decision.Recommended, Is.EqualTo(new ResourceAmount(69, (long)Math.Ceiling(15L * 1024 * 1024 * 1.15))));
    }

    /// <summary>An agent that measures: 1.2 s of CPU time per 10 s (120m), 20 MiB average and 30 MiB peak memory; estimates would be 50m and 16 MiB.</summary>
    private static TelemetrySeriesStore MeasuredStore(int count)
    {
        var store = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        for (var i = 0; i < count; i++)
        {
            store.For("n1").Record(new IngestedSample((ulong)i + 1, T0.AddSeconds(10 * i), 0.1, 0, 0, 0, 0, 0, 0, 0, 1,
                [new IngestedWorkload("web", (ulong)(100 * i), 0, 5, 9, 1, 2, 0) { CpuTimeUs = (ulong)(1_200_000 * i), MemoryBytes = 20L << 20, MemoryPeakBytes = 30L << 20 }]));
        }

        return store;
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
