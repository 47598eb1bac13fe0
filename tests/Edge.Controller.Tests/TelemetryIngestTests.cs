using System.Buffers;
using System.Text;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Controller.Tests;

public sealed class TelemetryIngestTests
{
    private const string Topic = "edge/v1/nodes/n1/telemetry";
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private FleetHarness _h = null!;
    private TelemetryIngest _ingest = null!;
    private TelemetrySeriesStore _series = null!;

    [TearDown]
    public async Task TearDown() => await _ingest.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _h = new FleetHarness();
        _h.Connect("n1", Records.Facts());
        _h.Fleet.ApplyWorkload(Records.Workload("web")); // on every node: n1's figures for it are believed
        _series = new TelemetrySeriesStore(Microsoft.Extensions.Options.Options.Create(new Edge.Controller.Hosting.ControllerOptions()));
        _ingest = new TelemetryIngest(_h.Fleet, _series, new TelemetryWatermarks(null, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance), NullLogger<TelemetryIngest>.Instance);
    }

    [Test]
    public async Task Ingest_ValidBatch_UpdatesNodeTelemetry()
    {
        var batch = Batch("n1", Sample(7, T0));

        var ok = await _ingest.IngestAsync(Topic, Payload(batch));

        var telemetry = _h.Node("n1").Telemetry;
        Assert.That(telemetry, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(_ingest.Accepted, Is.EqualTo(1));
            Assert.That(telemetry!.Sequence, Is.EqualTo(7));
            Assert.That(telemetry.SampledAt, Is.EqualTo(T0));
            Assert.That(telemetry.CpuUsageRatio, Is.EqualTo(0.42));
            Assert.That(telemetry.MemoryUsedBytes, Is.EqualTo(512L * 1024 * 1024));
            Assert.That(telemetry.MemoryTotalBytes, Is.EqualTo(4096L * 1024 * 1024));
            Assert.That(telemetry.LoadAverage1m, Is.EqualTo(1.5));
            Assert.That(telemetry.WorkloadsRunning, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Ingest_SeveralSamples_KeepsNewest()
    {
        var batch = Batch("n1", Sample(1, T0), Sample(2, T0.AddSeconds(10)), Sample(3, T0.AddSeconds(20)));

        await _ingest.IngestAsync(Topic, Payload(batch));

        Assert.Multiple(() =>
        {
            Assert.That(_ingest.Accepted, Is.EqualTo(3));
            Assert.That(_h.Node("n1").Telemetry!.Sequence, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Ingest_GarbagePayload_FalseRejectedAndStateUnchanged()
    {
        var garbage = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("not a protobuf message"));

        var ok = await _ingest.IngestAsync(Topic, garbage);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(IngestOutcome.Refused));
            Assert.That(_ingest.Rejected, Is.EqualTo(1));
            Assert.That(_ingest.Accepted, Is.Zero);
            Assert.That(_h.Node("n1").Telemetry, Is.Null);
        });
    }

    [Test]
    public async Task Ingest_TruncatedPayload_FalseAndRejected()
    {
        var bytes = Batch("n1", Sample(1, T0)).ToByteArray();

        var ok = await _ingest.IngestAsync(Topic, new ReadOnlySequence<byte>(bytes, 0, bytes.Length - 3));

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(IngestOutcome.Refused));
            Assert.That(_ingest.Rejected, Is.EqualTo(1));
            Assert.That(_h.Node("n1").Telemetry, Is.Null);
        });
    }

    [Test]
    public async Task Ingest_BatchNamesAnotherNode_RefusedAndStateUnchanged()
    {
        _h.Connect("n2", Records.Facts());
        var batch = Batch("n2", Sample(1, T0));

        var ok = await _ingest.IngestAsync(Topic, Payload(batch));

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(IngestOutcome.Refused));
            Assert.That(_ingest.Rejected, Is.EqualTo(1));
            Assert.That(_h.Node("n1").Telemetry, Is.Null);
            Assert.That(_h.Node("n2").Telemetry, Is.Null);
        });
    }

    [Test]
    public async Task Ingest_RedeliveredBatch_CountedAsDuplicate()
    {
        var payload = Payload(Batch("n1", Sample(1, T0)));
        await _ingest.IngestAsync(Topic, payload);

        var ok = await _ingest.IngestAsync(Topic, payload);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(_ingest.Accepted, Is.EqualTo(1));
            Assert.That(_ingest.Duplicates, Is.EqualTo(1));
            Assert.That(_ingest.Rejected, Is.Zero);
        });
    }

    [Test]
    public async Task Ingest_EmptyPayload_Refused()
    {
        // An empty payload parses as an empty batch, whose node "" is not the topic's.
        var ok = await _ingest.IngestAsync(Topic, ReadOnlySequence<byte>.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(IngestOutcome.Refused));
            Assert.That(_ingest.Rejected, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Ingest_SampleWithoutTimestamp_SampledAtUnixEpoch()
    {
        var sample = Sample(1, T0);
        sample.SampledAt = null;

        await _ingest.IngestAsync(Topic, Payload(Batch("n1", sample)));

        Assert.That(_h.Node("n1").Telemetry!.SampledAt, Is.EqualTo(DateTimeOffset.UnixEpoch));
    }

    [TestCase("edge/v1/nodes/n1/status")]
    [TestCase("edge/v1/nodes/n1/telemetry/raw")]
    [TestCase("other/topic")]
    public async Task Ingest_NonTelemetryTopic_IgnoredAndTrue(string topic)
    {
        var garbage = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("not a protobuf message"));

        var ok = await _ingest.IngestAsync(topic, garbage);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.EqualTo(IngestOutcome.Ingested));
            Assert.That(_ingest.Rejected + _ingest.Accepted + _ingest.Duplicates, Is.Zero);
            Assert.That(_h.Node("n1").Telemetry, Is.Null);
        });
    }

    [Test]
    public async Task Ingest_MultiSegmentPayload_Parsed()
    {
        var bytes = Batch("n1", Sample(9, T0)).ToByteArray();

        await _ingest.IngestAsync(Topic, Segments.Split(bytes, 3));

        Assert.That(_h.Node("n1").Telemetry?.Sequence, Is.EqualTo(9));
    }

    [Test]
    public async Task Ingest_RedeliveredBatch_CountedOnceInSeries()
    {
        var batch = Batch("n1", Sample(1, T0), Sample(2, T0.AddSeconds(10)));

        await _ingest.IngestAsync(Topic, Payload(batch));
        await _ingest.IngestAsync(Topic, Payload(batch));

        Assert.Multiple(() =>
        {
            Assert.That(_ingest.Accepted, Is.EqualTo(2));
            Assert.That(_ingest.Duplicates, Is.EqualTo(2));
            Assert.That(_series.Find("n1")!.Ingested, Is.EqualTo(2UL));
            Assert.That(_series.Find("n1")!.Raw(null, long.MinValue).Select(p => p.Sequence), Is.EqualTo(new ulong[] { 1, 2 }));
        });
    }

    [Test]
    public async Task Ingest_WorkloadsAndCounters_BecomeRates()
    {
        var first = Sample(1, T0);
        first.NetRxBytes = 1000;
        first.Workloads.Add(new WorkloadSample { Name = "web", Invocations = 100, Failures = 1, LatencyP99Ms = 12, BusyInstances = 2 });
        var second = Sample(2, T0.AddSeconds(10));
        second.NetRxBytes = 6000;
        second.Workloads.Add(new WorkloadSample { Name = "web", Invocations = 300, Failures = 1, LatencyP99Ms = 8, BusyInstances = 1 });
        var batch = Batch("n1", first, second);
        batch.DroppedTotal = 4;
        batch.OutboxPending = 7;

        await _ingest.IngestAsync(Topic, Payload(batch));

        var node = _series.Find("n1")!;
        var (workload, point) = node.LatestWorkloads().Single();
        Assert.Multiple(() =>
        {
            Assert.That(node.LatestNode()!.Values[SeriesMetrics.NetRx], Is.EqualTo(500.0));
            Assert.That(workload, Is.EqualTo("web"));
            Assert.That(point.Values[SeriesMetrics.Invocations], Is.EqualTo(20.0));
            Assert.That(point.Values[SeriesMetrics.Failures], Is.Zero);
            Assert.That(point.Values[SeriesMetrics.P99], Is.EqualTo(8.0));
            Assert.That(node.AgentDropped, Is.EqualTo(4UL));
            Assert.That(node.AgentPending, Is.EqualTo(7UL));
        });
    }

    [Test]
    public async Task Ingest_FiguresForAWorkloadNotOnTheNode_DroppedAndCounted()
    {
        var sample = Sample(1, T0);
        sample.Workloads.Add(new WorkloadSample { Name = "web", Invocations = 10 });
        sample.Workloads.Add(new WorkloadSample { Name = "elsewhere", Invocations = 1_000_000, BusyInstances = 99 });

        var outcome = await _ingest.IngestAsync(Topic, Payload(Batch("n1", sample)));

        var node = _series.Find("n1")!;
        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Ingested), "the node's own figures are taken");
            Assert.That(node.Workloads(), Is.EqualTo(new[] { "web" }), "no series for a workload the node does not run");
            Assert.That(_series.All().SelectMany(n => n.Workloads()), Does.Not.Contain("elsewhere"));
            Assert.That(Render(), Does.Contain("edge_telemetry_figures_refused_total{reason=\"not_on_node\"} 1"));
        });
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public async Task Ingest_NonFiniteFigure_BatchRefusedNothingRecorded(double value)
    {
        var sample = Sample(1, T0);
        sample.CpuUsageRatio = value;

        var outcome = await _ingest.IngestAsync(Topic, Payload(Batch("n1", sample)));

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo(IngestOutcome.Refused));
            Assert.That(_series.Find("n1")?.LatestNode(), Is.Null);
            Assert.That(_h.Node("n1").Telemetry, Is.Null);
            Assert.That(Render(), Does.Contain("edge_telemetry_figures_refused_total{reason=\"not_finite\"} 1"));
        });
    }

    [Test]
    public async Task Ingest_MoreWorkloadsThanTheCap_RestDropped()
    {
        var sample = Sample(1, T0);
        for (var i = 0; i < TelemetryAttribution.MaxWorkloadsPerSample + 44; i++)
        {
            sample.Workloads.Add(new WorkloadSample { Name = i == 0 ? "web" : $"w{i}" });
        }

        await _ingest.IngestAsync(Topic, Payload(Batch("n1", sample)));

        Assert.That(Render(), Does.Contain("edge_telemetry_figures_refused_total{reason=\"too_many_workloads\"} 44"));
    }

    private string Render()
    {
        var p = new Edge.Shared.PrometheusText();
        _ingest.Attribution.Render(p);
        return p.ToString();
    }

    private static TelemetryBatch Batch(string node, params NodeSample[] samples)
    {
        var batch = new TelemetryBatch { Node = node };
        batch.Samples.Add(samples);
        return batch;
    }

    private static NodeSample Sample(ulong sequence, DateTimeOffset at) => new()
    {
        Sequence = sequence,
        SampledAt = Timestamp.FromDateTimeOffset(at),
        CpuUsageRatio = 0.42,
        MemoryUsedBytes = 512L * 1024 * 1024,
        MemoryTotalBytes = 4096L * 1024 * 1024,
        LoadAverage1M = 1.5,
        WorkloadsRunning = 3,
    };

    private static ReadOnlySequence<byte> Payload(TelemetryBatch batch) => new(batch.ToByteArray());
}
