using Edge.Agent.Core;
using Edge.Agent.Status;
using Edge.Shared;

namespace Edge.Agent.Tests.Status;

public sealed class MetricsEndpointUsageTests
{
    [Test]
    public void AddUsage_Measured_WritesCpuSecondsMemoryAndGuestMetrics()
    {
        var p = new PrometheusText();
        var w = new WorkloadMetrics
        {
            Name = "hello",
            CpuTime = TimeSpan.FromMilliseconds(1_250),
            Memory = new MemoryReading(1, 131_072, 0, TimeSpan.Zero, 131_072),
            Custom = new Dictionary<string, double> { ["items"] = 2.5 },
            CustomRefused = 3,
        };

        MetricsEndpoint.AddUsage(p, w, ("workload", "hello"));
        var text = p.ToString();

        Assert.That(text, Does.Contain("# TYPE edge_workload_cpu_seconds_total counter\nedge_workload_cpu_seconds_total{workload=\"hello\"} 1.25\n"));
        Assert.That(text, Does.Contain("edge_workload_memory_bytes{workload=\"hello\"} 131072\n"));
        Assert.That(text, Does.Contain("edge_workload_guest_metric_total{workload=\"hello\",metric=\"items\"} 2.5\n"));
        Assert.That(text, Does.Contain("edge_workload_guest_metric_refused_total{workload=\"hello\"} 3\n"));
    }

    [Test]
    public void AddUsage_NotMeasured_LeavesCpuAndMemoryOut()
    {
        var p = new PrometheusText();

        MetricsEndpoint.AddUsage(p, new WorkloadMetrics { Name = "hello" }, ("workload", "hello"));
        var text = p.ToString();

        Assert.That(text, Does.Not.Contain("edge_workload_cpu_seconds_total").And.Not.Contain("edge_workload_memory_bytes"));
    }

    [TestCase(null, "-")]
    [TestCase(0.0125, "0.013s")]
    [TestCase(90.0, "1.5m")]
    public void UsageText_Cpu(double? seconds, string expected) => Assert.That(UsageText.Cpu(seconds), Is.EqualTo(expected));

    [TestCase(null, "-")]
    [TestCase(512L, "512B")]
    [TestCase(131_072L, "128Ki")]
    [TestCase(3L * 1024 * 1024 / 2, "1.5Mi")]
    public void UsageText_Bytes(long? bytes, string expected) => Assert.That(UsageText.Bytes(bytes), Is.EqualTo(expected));
}
