using Edge.Agent.Telemetry;
using Edge.Agent.Tests.Support;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Telemetry;

public sealed class NodeSamplerTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [SetUp]
    public void RequireLinux() => Assume.That(OperatingSystem.IsLinux(), Is.True, "/proc is Linux-only");

    [Test]
    public void Sample_OnLinux_FieldsSet()
    {
        var sampler = new NodeSampler(new FakeTimeProvider(Now), Path.GetTempPath(), new FakeWorkloadMetrics());

        var sample = sampler.Sample(workloadsRunning: 3);

        Assert.That(sample.SampledAt, Is.EqualTo(Timestamp.FromDateTimeOffset(Now)));
        Assert.That(sample.WorkloadsRunning, Is.EqualTo(3));
        Assert.That(sample.MemoryTotalBytes, Is.Positive);
        Assert.That(sample.MemoryUsedBytes, Is.Positive.And.LessThanOrEqualTo(sample.MemoryTotalBytes));
        Assert.That(sample.LoadAverage1M, Is.GreaterThanOrEqualTo(0));
        Assert.That(sample.CpuUsageRatio, Is.InRange(0.0, 1.0));
        Assert.That(sample.Sequence, Is.Zero, "the publisher numbers samples, not the sampler");
    }

    [Test]
    public void Sample_AfterBusyWork_CpuRatioWithinZeroAndOne()
    {
        var time = new FakeTimeProvider(Now);
        var sampler = new NodeSampler(time, Path.GetTempPath(), new FakeWorkloadMetrics());
        var start = ProcStat.CpuTimes()!.Value.Total;
        var spins = 0L;
        // Burn CPU until the kernel's jiffy counters move (bounded), so the ratio is a real quotient.
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (ProcStat.CpuTimes()!.Value.Total == start && bound.Elapsed < TimeSpan.FromSeconds(5))
        {
            spins++;
        }

        time.Advance(TimeSpan.FromSeconds(10));
        var ratios = Enumerable.Range(0, 3).Select(_ => sampler.Sample(0).CpuUsageRatio).ToList();

        Assert.That(ProcStat.CpuTimes()!.Value.Total, Is.GreaterThan(start), $"jiffies did not move after {spins} spins");
        Assert.That(ratios, Has.All.InRange(0.0, 1.0));
    }

    [Test]
    public void Sample_Twice_TakesTimeFromProvider()
    {
        var time = new FakeTimeProvider(Now);
        var sampler = new NodeSampler(time, Path.GetTempPath(), new FakeWorkloadMetrics());
        _ = sampler.Sample(0);
        time.Advance(TimeSpan.FromSeconds(10));

        var second = sampler.Sample(0);

        Assert.That(second.SampledAt.ToDateTimeOffset(), Is.EqualTo(Now.AddSeconds(10)));
    }
}
