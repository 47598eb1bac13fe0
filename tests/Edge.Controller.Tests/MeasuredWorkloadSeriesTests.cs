using System.Buffers;
using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

/// <summary>A workload's measured CPU time, memory and guest metrics, from the TelemetryBatch protobuf to its series.</summary>
public sealed class MeasuredWorkloadSeriesTests
{
    private const string Topic = "edge/v1/nodes/n1/telemetry";
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private FleetHarness _h = null!;
    private TelemetryIngest _ingest = null!;
    private TelemetrySeriesStore _series = null!;

    [SetUp]
    public void SetUp()
    {
        _h = new FleetHarness();
        _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web")); // on every node: n1's figures for it are believed
        _series = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        _ingest = new TelemetryIngest(_h.Fleet, _series, new TelemetryWatermarks(null, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance), NullLogger<TelemetryIngest>.Instance);
    }

    [TearDown]
    public async Task TearDown() => await _ingest.DisposeAsync();

    [Test]
    public async Task Ingest_CpuTimeCounter_RateInMillicoresFromTheSecondSample()
    {
        // 0.5 s of CPU time per 10 s = 50 millicores; then 3 s per 10 s = 300 millicores.
        await IngestAsync(Workload(1, T0, cpuUs: 1_000_000), Workload(2, T0.AddSeconds(10), cpuUs: 1_500_000), Workload(3, T0.AddSeconds(20), cpuUs: 4_500_000));

        var cpu = Column(SeriesMetrics.CpuMillicores);

        Assert.That(cpu[0], Is.NaN, "no rate before the second sample");
        Assert.That(cpu[1..], Is.EqualTo(new[] { 50.0, 300.0 }).Within(1e-9));
    }

    [Test]
    public async Task Ingest_CpuTimeWentDown_CountsFromZeroAsARestart()
    {
        await IngestAsync(Workload(1, T0, cpuUs: 9_000_000), Workload(2, T0.AddSeconds(10), cpuUs: 2_000_000));

        Assert.That(Column(SeriesMetrics.CpuMillicores)[1], Is.EqualTo(200).Within(1e-9), "2 s of CPU since the restart, over 10 s");
    }

    [Test]
    public async Task Ingest_MemoryFields_StoredAsReported()
    {
        await IngestAsync(Workload(1, T0, memory: 12L << 20, peak: 20L << 20));

        Assert.Multiple(() =>
        {
            Assert.That(Column(SeriesMetrics.MemoryBytes)[0], Is.EqualTo(12.0 * (1 << 20)));
            Assert.That(Column(SeriesMetrics.MemoryPeakBytes)[0], Is.EqualTo(20.0 * (1 << 20)));
        });
    }

    [Test]
    public async Task Ingest_OldAgentWithoutTheFields_NotReportedNotZero()
    {
        await IngestAsync(Workload(1, T0), Workload(2, T0.AddSeconds(10)));

        var latest = _series.Find("n1")!.LatestWorkloads().Single().Point.Values;
        var rollup = _series.Find("n1")!.Rollups("web", long.MinValue).Single();
        Assert.Multiple(() =>
        {
            Assert.That(latest[SeriesMetrics.CpuMillicores], Is.NaN);
            Assert.That(latest[SeriesMetrics.MemoryBytes], Is.NaN);
            Assert.That(latest[SeriesMetrics.MemoryPeakBytes], Is.NaN, "a peak of 0 from an agent that does not measure memory is not a figure");
            Assert.That(latest[SeriesMetrics.Invocations], Is.EqualTo(1), "the other columns are unaffected");
            Assert.That(rollup.Avg[SeriesMetrics.MemoryBytes], Is.NaN);
            Assert.That(rollup.Max[SeriesMetrics.CpuMillicores], Is.NaN);
        });
    }

    [Test]
    public async Task Rollups_SomePointsWithoutMemory_AverageTheReportedOnes()
    {
        // Same 60 s rollup bucket: 10 MiB, not reported, 30 MiB.
        await IngestAsync(Workload(1, T0, memory: 10L << 20), Workload(2, T0.AddSeconds(10)), Workload(3, T0.AddSeconds(20), memory: 30L << 20));

        var rollup = _series.Find("n1")!.Rollups("web", long.MinValue).Single();

        Assert.Multiple(() =>
        {
            Assert.That(rollup.Count, Is.EqualTo(3));
            Assert.That(rollup.Avg[SeriesMetrics.MemoryBytes], Is.EqualTo(20.0 * (1 << 20)));
            Assert.That(rollup.Min[SeriesMetrics.MemoryBytes], Is.EqualTo(10.0 * (1 << 20)));
            Assert.That(rollup.Max[SeriesMetrics.MemoryBytes], Is.EqualTo(30.0 * (1 << 20)));
        });
    }

    [Test]
    public async Task Ingest_GuestCounter_RatePerSecondPerName()
    {
        await IngestAsync(
            Workload(1, T0, custom: new() { ["requests"] = 100, ["bytes_in"] = 0 }),
            Workload(2, T0.AddSeconds(10), custom: new() { ["requests"] = 150, ["bytes_in"] = 4096 }),
            Workload(3, T0.AddSeconds(20), custom: new() { ["requests"] = 20 }));

        var n1 = _series.Find("n1")!;
        var requests = n1.GuestRaw("web", "requests", long.MinValue).Select(p => p.Values[0]);
        var bytes = n1.GuestRaw("web", "bytes_in", long.MinValue).Select(p => p.Values[0]);

        Assert.Multiple(() =>
        {
            Assert.That(requests, Is.EqualTo(new[] { 5.0, 2.0 }), "50 over 10 s, then a restart: 20 over 10 s");
            Assert.That(bytes, Is.EqualTo(new[] { 409.6 }));
            Assert.That(n1.GuestNames("web"), Is.EqualTo(new[] { "bytes_in", "requests" }));
            Assert.That(n1.GuestDropped, Is.Zero);
        });
    }

    [Test]
    public async Task Ingest_MoreGuestNamesThanTheCap_FurtherNamesDroppedAndCounted()
    {
        var many = Enumerable.Range(0, SeriesMetrics.MaxGuestMetrics + 3).ToDictionary(i => $"m{i:D2}", i => (double)i);

        await IngestAsync(Workload(1, T0, custom: many), Workload(2, T0.AddSeconds(10), custom: many));

        var n1 = _series.Find("n1")!;
        Assert.Multiple(() =>
        {
            Assert.That(n1.GuestNames("web"), Has.Count.EqualTo(SeriesMetrics.MaxGuestMetrics));
            Assert.That(n1.GuestDropped, Is.EqualTo(6), "3 names over the cap, in each of 2 samples");
        });
    }

    [Test]
    public async Task Ingest_InvalidGuestNameOrValue_DroppedAndCountedOthersKept()
    {
        await IngestAsync(
            Workload(1, T0, custom: new() { ["ok"] = 1, ["bad name"] = 1, ["9lives"] = 1, ["nan"] = double.NaN }),
            Workload(2, T0.AddSeconds(10), custom: new() { ["ok"] = 11, ["nan"] = 5 }));

        var n1 = _series.Find("n1")!;
        Assert.Multiple(() =>
        {
            Assert.That(n1.GuestNames("web"), Is.EqualTo(new[] { "nan", "ok" }));
            Assert.That(n1.GuestDropped, Is.EqualTo(3), "two invalid names and one NaN value");
            Assert.That(n1.GuestRaw("web", "ok", long.MinValue).Single().Values[0], Is.EqualTo(1.0));
            Assert.That(n1.GuestRaw("web", "nan", long.MinValue), Is.Empty, "no earlier finite value to take a rate against");
        });
    }

    [Test]
    public async Task ControllerMetrics_MeasuredAndNotReported_OnlyReportedFiguresExposed()
    {
        _h.Connect("n2", Records.Facts());
        await IngestAsync(Workload(1, T0, memory: 8L << 20));
        await _ingest.IngestAsync("edge/v1/nodes/n2/telemetry", Payload(Batch("n2", Workload(1, T0))));

        var text = ControllerMetrics.Render(_ingest, _series, _h.Fleet);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("edge_workload_memory_bytes{node=\"n1\",workload=\"web\"} 8388608"));
            Assert.That(text, Does.Not.Contain("edge_workload_memory_bytes{node=\"n2\""));
            Assert.That(text, Does.Not.Contain("NaN"));
            Assert.That(text, Does.Contain("edge_node_guest_metrics_dropped_total{node=\"n1\"} 0"));
        });
    }

    private double[] Column(int metric) =>
        [.. _series.Find("n1")!.Raw("web", long.MinValue).Select(p => p.Values[metric])];

    private async Task IngestAsync(params NodeSample[] samples)
    {
        var outcome = await _ingest.IngestAsync(Topic, Payload(Batch("n1", samples)));
        Assert.That(outcome, Is.EqualTo(IngestOutcome.Ingested));
    }

    private static NodeSample Workload(ulong sequence, DateTimeOffset at, ulong? cpuUs = null, long? memory = null, long peak = 0, Dictionary<string, double>? custom = null)
    {
        var w = new WorkloadSample { Name = "web", Invocations = 10 * sequence, LatencyP50Ms = 4, WarmInstances = 1 };
        if (cpuUs is { } us)
        {
            w.CpuTimeUs = us;
        }

        if (memory is { } m)
        {
            w.MemoryBytes = m;
            w.MemoryPeakBytes = peak == 0 ? m : peak;
        }

        if (custom is not null)
        {
            w.Custom.Add(custom);
        }

        var sample = new NodeSample { Sequence = sequence, SampledAt = Timestamp.FromDateTimeOffset(at), WorkloadsRunning = 1 };
        sample.Workloads.Add(w);
        return sample;
    }

    private static TelemetryBatch Batch(string node, params NodeSample[] samples)
    {
        var batch = new TelemetryBatch { Node = node, Stream = 7 };
        batch.Samples.Add(samples);
        return batch;
    }

    private static ReadOnlySequence<byte> Payload(TelemetryBatch batch) => new(batch.ToByteArray());
}
