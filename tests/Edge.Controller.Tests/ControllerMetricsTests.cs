using Edge.Controller.Hosting;
using Edge.Controller.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Tests;

public sealed class ControllerMetricsTests
{
    [Test]
    public async Task Render_TwoNodes_EachFamilyDescribedOnceAndContiguous()
    {
        var h = new FleetHarness();
        h.Connect("n1", Records.Facts());
        var store = new TelemetrySeriesStore(Options.Create(new ControllerOptions()));
        await using var ingest = new TelemetryIngest(h.Fleet, store, new TelemetryWatermarks(null, TimeProvider.System, NullLogger<TelemetryWatermarks>.Instance), NullLogger<TelemetryIngest>.Instance);
        var at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        store.For("n1").Record(new IngestedSample(1, at, 0.25, 1, 2, 0, 0, 0, 0, 0, 1, [new IngestedWorkload("web", 1, 0, 1, 2, 1, 0, 0)]));
        store.For("n\"2").Record(new IngestedSample(1, at, 0.5, 1, 2, 0, 0, 0, 0, 0, 0, []));

        var lines = ControllerMetrics.Render(ingest, store, h.Fleet).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var cpu = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("edge_node_cpu_usage_ratio", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines.Count(l => l == "# TYPE edge_node_cpu_usage_ratio gauge"), Is.EqualTo(1));
            Assert.That(cpu, Is.EqualTo(new[] { cpu[0], cpu[0] + 1 }), "a family's samples are contiguous");
            Assert.That(lines, Does.Contain("edge_node_cpu_usage_ratio{node=\"n1\"} 0.25"));
            Assert.That(lines, Does.Contain("edge_node_cpu_usage_ratio{node=\"n\\\"2\"} 0.5"), "label values are escaped");
            Assert.That(lines, Does.Contain("edge_workload_latency_p99_ms{node=\"n1\",workload=\"web\"} 2"));
            Assert.That(lines, Does.Contain("edge_telemetry_samples_accepted_total 0"));
        });
    }
}
