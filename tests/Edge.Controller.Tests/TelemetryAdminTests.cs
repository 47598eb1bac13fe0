using Edge.Controller.Grpc;
using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

public sealed class TelemetryAdminTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private TelemetrySeriesStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _store = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        for (var i = 0; i < 3; i++)
        {
            _store.For("n1").Record(Sample((ulong)i + 1, T0.AddSeconds(10 * i), 0.1 * (i + 1), [new IngestedWorkload("web", (ulong)(100 * i), 0, 1, 5, 2, 1, 0)]));
        }

        _store.For("n2").Record(Sample(1, T0, 0.9, [new IngestedWorkload("web", 0, 0, 2, 9, 1, 1, 3)]));
    }

    [Test]
    public void TopNodes_TwoNodes_LatestOfEach()
    {
        var top = TelemetryAdmin.TopNodes(_store);

        Assert.That(top.Nodes.Select(n => (n.Name, n.Sequence, n.SamplesIngested)), Is.EqualTo(new[] { ("n1", 3UL, 3UL), ("n2", 1UL, 1UL) }));
        Assert.That(top.Nodes[0].CpuUsageRatio, Is.EqualTo(0.3).Within(1e-9));
    }

    [Test]
    public void TopWorkloads_Fleet_SumsRatesAndTakesWorstLatency()
    {
        var web = TelemetryAdmin.TopWorkloads(_store, "").Workloads.Single();

        Assert.That((web.Nodes, web.InvocationsPerS, web.LatencyP99Ms, web.WarmInstances, web.QueuedRequests), Is.EqualTo((2, 10.0, 9.0, 3, 3)));
    }

    [Test]
    public void TopWorkloads_UnknownNode_NotFound()
    {
        var ex = Assert.Throws<RpcException>(() => TelemetryAdmin.TopWorkloads(_store, "nope"));

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public void QuerySeries_Raw_PointsWithSequences()
    {
        var response = TelemetryAdmin.QuerySeries(_store, new QuerySeriesRequest { Node = "n1", Metrics = { "cpu_usage_ratio" } });

        var series = response.Series.Single();
        Assert.That(series.Points.Select(p => p.Sequence), Is.EqualTo(new ulong[] { 1, 2, 3 }));
        Assert.That(series.Points[0].At, Is.EqualTo(Timestamp.FromDateTimeOffset(T0)));
    }

    [Test]
    public void QuerySeries_RollupSince_AveragesTheBucket()
    {
        var response = TelemetryAdmin.QuerySeries(_store, new QuerySeriesRequest
        {
            Node = "n1",
            Metrics = { "cpu_usage_ratio" },
            Resolution = SeriesResolution.Rollup,
            Since = Timestamp.FromDateTimeOffset(T0),
        });

        var bucket = response.Series.Single().Points.Single();
        Assert.That((bucket.Count, bucket.Value, bucket.Min, bucket.Max), Is.EqualTo((3, 0.2, 0.1, 0.3)).Using<(int, double, double, double)>((a, b) =>
            a.Item1 == b.Item1 && Math.Abs(a.Item2 - b.Item2) < 1e-9 && Math.Abs(a.Item3 - b.Item3) < 1e-9 && Math.Abs(a.Item4 - b.Item4) < 1e-9));
    }

    [Test]
    public void QuerySeries_UnknownMetric_InvalidArgumentNamingIt()
    {
        var ex = Assert.Throws<RpcException>(() => TelemetryAdmin.QuerySeries(_store, new QuerySeriesRequest { Node = "n1", Metrics = { "cpu" } }));

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(ex.Status.Detail, Does.Contain("unknown metric(s) cpu"));
    }

    [Test]
    public void QuerySeries_Workload_ItsOwnSeries()
    {
        var response = TelemetryAdmin.QuerySeries(_store, new QuerySeriesRequest { Node = "n1", Workload = "web", Metrics = { "invocations_per_s" } });

        Assert.That(response.Series.Single().Points.Select(p => p.Value), Is.EqualTo(new[] { 0.0, 10.0, 10.0 }));
    }

    private static IngestedSample Sample(ulong sequence, DateTimeOffset at, double cpu, IReadOnlyList<IngestedWorkload> workloads) =>
        new(sequence, at, cpu, 100, 1000, 0.5, 10, 100, 0, 0, workloads.Count, workloads);
}
