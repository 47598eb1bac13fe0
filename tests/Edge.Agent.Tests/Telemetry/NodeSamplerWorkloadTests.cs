using Edge.Agent.Core;
using Edge.Agent.Telemetry;
using Edge.Agent.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Agent.Tests.Telemetry;

/// <summary>What a node sample says of each workload's CPU time, memory and guest metrics, from figures the test sets.</summary>
public sealed class NodeSamplerWorkloadTests
{
    private const long MiB = 1024 * 1024;
    private static readonly DateTimeOffset Now = new(2025, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private FakeWorkloadMetrics _workloads = null!;
    private NodeSampler _sampler = null!;

    [SetUp]
    public void SetUp()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True, "/proc is Linux-only");
        _workloads = new FakeWorkloadMetrics();
        _sampler = new NodeSampler(new FakeTimeProvider(Now), Path.GetTempPath(), _workloads);
    }

    [Test]
    public void Sample_CpuAndMemoryMeasured_CarriesCpuMicrosecondsAverageAndPeak()
    {
        _workloads.Current.Add(Metrics(cpu: TimeSpan.FromMilliseconds(1_500.25), memory: new MemoryReading(1, 2 * MiB, 30.0 * MiB, TimeSpan.FromSeconds(10), 4 * MiB)));

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That(w.HasCpuTimeUs, Is.True);
        Assert.That(w.CpuTimeUs, Is.EqualTo(1_500_250UL));
        Assert.That(w.HasMemoryBytes, Is.True);
        Assert.That(w.MemoryBytes, Is.EqualTo(3 * MiB), "30 MiB·s over its first 10 s");
        Assert.That(w.MemoryPeakBytes, Is.EqualTo(4 * MiB));
        Assert.That(_workloads.Intervals, Is.EqualTo(1), "the sampler takes the interval read, which restarts the peak");
    }

    [Test]
    public void Sample_NotMeasured_CpuAndMemoryAbsentNotZero()
    {
        _workloads.Current.Add(Metrics(cpu: null, memory: null));

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That((w.HasCpuTimeUs, w.HasMemoryBytes, w.MemoryPeakBytes), Is.EqualTo((false, false, 0L)));
    }

    [Test]
    public void Sample_MeasuredAsZero_PresentAndZero()
    {
        _workloads.Current.Add(Metrics(cpu: TimeSpan.Zero, memory: new MemoryReading(1, 0, 0, TimeSpan.FromSeconds(1), 0)));

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That((w.HasCpuTimeUs, w.CpuTimeUs, w.HasMemoryBytes, w.MemoryBytes), Is.EqualTo((true, 0UL, true, 0L)));
    }

    [Test]
    public void Sample_Twice_MemoryIsTheAverageOverTheSecondInterval()
    {
        _workloads.Current.Add(Metrics(TimeSpan.Zero, new MemoryReading(7, MiB, 10.0 * MiB, TimeSpan.FromSeconds(10), MiB)));
        _ = _sampler.Sample(1);
        _workloads.Current[0] = Metrics(TimeSpan.Zero, new MemoryReading(7, MiB, 60.0 * MiB, TimeSpan.FromSeconds(20), 9 * MiB));

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That(w.MemoryBytes, Is.EqualTo(5 * MiB), "50 MiB·s over the 10 s between the samples");
        Assert.That(w.MemoryPeakBytes, Is.EqualTo(9 * MiB));
    }

    [Test]
    public void Sample_WorkloadReplacedBetweenSamples_AveragesOverTheNewMetersLife()
    {
        _workloads.Current.Add(Metrics(TimeSpan.Zero, new MemoryReading(1, 8 * MiB, 80.0 * MiB, TimeSpan.FromSeconds(10), 8 * MiB)));
        _ = _sampler.Sample(1);
        _workloads.Current[0] = Metrics(TimeSpan.Zero, new MemoryReading(2, MiB, 4.0 * MiB, TimeSpan.FromSeconds(4), MiB));

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That(w.MemoryBytes, Is.EqualTo(MiB));
    }

    [Test]
    public void Sample_AverageAbovePeak_PeakIsRaisedToTheAverage()
    {
        // A run's growth counts from its start, so the interval's average may pass the peak seen when it ended.
        _workloads.Current.Add(Metrics(TimeSpan.Zero, new MemoryReading(1, MiB, 30.0 * MiB, TimeSpan.FromSeconds(10), 2 * MiB)));

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That((w.MemoryBytes, w.MemoryPeakBytes), Is.EqualTo((3 * MiB, 3 * MiB)));
    }

    [Test]
    public void Sample_GuestMetrics_ShippedAsCumulativeSums()
    {
        _workloads.Current.Add(Metrics(null, null) with { Custom = new Dictionary<string, double> { ["items"] = 2.5, ["bytes_in"] = 1024 } });

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That(w.Custom, Is.EquivalentTo(new Dictionary<string, double> { ["items"] = 2.5, ["bytes_in"] = 1024 }));
    }

    [Test]
    public void Sample_MoreGuestMetricsThanTheCap_ShipsAtMostTheCap()
    {
        var custom = Enumerable.Range(0, 40).ToDictionary(i => $"m{i:00}", i => (double)i);
        _workloads.Current.Add(Metrics(null, null) with { Custom = custom });

        var w = _sampler.Sample(1).Workloads.Single();

        Assert.That(w.Custom, Has.Count.EqualTo(WorkloadMetrics.MaxCustomNames));
    }

    private static WorkloadMetrics Metrics(TimeSpan? cpu, MemoryReading? memory) =>
        new() { Name = "w", CpuTime = cpu, Memory = memory };
}
