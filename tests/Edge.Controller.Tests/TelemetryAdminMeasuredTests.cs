using Edge.Controller.Grpc;
using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

/// <summary>top workloads and series queries over measured CPU, memory and guest metrics, with an old agent among the nodes.</summary>
public sealed class TelemetryAdminMeasuredTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private TelemetrySeriesStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _store = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        for (var i = 0; i < 3; i++)
        {
            // n1 and n2 measure: 100m and 30m, 8 and 4 MiB (peaks 10 and 6 MiB); n3 is an older agent.
            Record("n1", i, new IngestedWorkload("web", 0, 0, 1, 2, 1, 0, 0)
            {
                CpuTimeUs = (ulong)(1_000_000 * i), MemoryBytes = 8L << 20, MemoryPeakBytes = 10L << 20,
                Custom = new Dictionary<string, double> { ["requests"] = 50 * i },
            });
            Record("n2", i, new IngestedWorkload("web", 0, 0, 1, 2, 1, 0, 0) { CpuTimeUs = (ulong)(300_000 * i), MemoryBytes = 4L << 20, MemoryPeakBytes = 6L << 20 });
            Record("n3", i, new IngestedWorkload("web", 0, 0, 1, 2, 1, 0, 0));
        }
    }

    [Test]
    public void TopWorkloads_SomeNodesMeasure_SumsTheirFiguresAndCountsThem()
    {
        var web = TelemetryAdmin.TopWorkloads(_store, "").Workloads.Single();

        Assert.Multiple(() =>
        {
            Assert.That(web.Nodes, Is.EqualTo(3));
            Assert.That(web.NodesMeasured, Is.EqualTo(2));
            Assert.That(web.CpuMillicores, Is.EqualTo(130).Within(1e-9));
            Assert.That(web.MemoryBytes, Is.EqualTo(12L << 20));
            Assert.That(web.MemoryPeakBytes, Is.EqualTo(16L << 20));
        });
    }

    [Test]
    public void TopWorkloads_OldAgentOnly_FiguresAbsent()
    {
        var web = TelemetryAdmin.TopWorkloads(_store, "n3").Workloads.Single();

        Assert.Multiple(() =>
        {
            Assert.That(web.HasCpuMillicores, Is.False);
            Assert.That(web.HasMemoryBytes, Is.False);
            Assert.That(web.NodesMeasured, Is.Zero);
        });
    }

    [Test]
    public void QuerySeries_GuestMetricAndMeasuredColumn_RawAndRollup()
    {
        var raw = TelemetryAdmin.QuerySeries(_store, new QuerySeriesRequest { Node = "n1", Workload = "web", Metrics = { "guest:requests", "cpu_millicores" } });
        var rollup = TelemetryAdmin.QuerySeries(_store, new QuerySeriesRequest { Node = "n1", Workload = "web", Metrics = { "guest:requests" }, Resolution = SeriesResolution.Rollup });

        Assert.Multiple(() =>
        {
            Assert.That(raw.Series[0].Points.Select(p => p.Value), Is.EqualTo(new[] { 5.0, 5.0 }), "50 requests per 10 s");
            Assert.That(raw.Series[1].Points.Select(p => p.Value), Is.EqualTo(new[] { double.NaN, 100.0, 100.0 }), "no CPU rate before the second sample");
            Assert.That(rollup.Series.Single().Points.Single().Value, Is.EqualTo(5.0));
        });
    }

    [Test]
    public void QuerySeries_GuestMetricOfTheNode_RefusedNamingIt()
    {
        var ex = Assert.Throws<RpcException>(() => TelemetryAdmin.QuerySeries(_store, new QuerySeriesRequest { Node = "n1", Metrics = { "guest:requests" } }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(ex.Status.Detail, Does.Contain("unknown metric(s) guest:requests; node metrics are"));
        });
    }

    private void Record(string node, int i, IngestedWorkload workload) =>
        _store.For(node).Record(new IngestedSample((ulong)i + 1, T0.AddSeconds(10 * i), 0.1, 1, 2, 0, 0, 0, 0, 0, 1, [workload]));
}
