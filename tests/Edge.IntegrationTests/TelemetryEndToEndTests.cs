using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>Telemetry as an operator meets it: edgectl top, series queries and both /metrics endpoints.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class TelemetryEndToEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Fleet_WithHello_TopSeriesAndMetricsShowTelemetry()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await fleet.ApplyHelloAsync();
        await Eventually.Until(async () => (await fleet.Admin.TopWorkloadsAsync(new TopWorkloadsRequest(), deadline: LocalFleet.Deadline())).Workloads,
            ws => ws.Any(w => w.Name == "hello"), Bound, "hello in top workloads");

        var (nodesCode, nodesTable) = await fleet.EdgectlAsync("top", "nodes");
        var (workloadsCode, workloadsTable) = await fleet.EdgectlAsync("top", "workloads");
        var (jsonCode, json) = await fleet.EdgectlAsync("top", "nodes", "-o", "json");
        var series = await fleet.Admin.QuerySeriesAsync(
            new QuerySeriesRequest { Node = "node-1", Metrics = { "memory_used_bytes" }, Resolution = SeriesResolution.Rollup },
            deadline: LocalFleet.Deadline());
        var agentMetrics = await fleet.AgentMetricsAsync("node-1");
        var controllerMetrics = await fleet.ControllerMetricsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(nodesCode, Is.Zero, nodesTable);
            Assert.That(nodesTable, Does.StartWith("NAME").And.Contain("CPU%").And.Contain("node-1"));
            Assert.That(workloadsCode, Is.Zero, workloadsTable);
            Assert.That(workloadsTable, Does.Contain("REQ/s").And.Contain("hello"));
            Assert.That(jsonCode, Is.Zero);
            Assert.That(json, Does.Contain("\"memoryTotalBytes\""));
            Assert.That(series.Series.Single().Points.First().Max, Is.Positive);
            Assert.That(agentMetrics, Does.Contain("# TYPE edge_agent_telemetry_samples_produced_total counter"));
            Assert.That(agentMetrics, Does.Contain("edge_workload_invocations_total{workload=\"hello\"}"));
            Assert.That(LocalFleet.Figure(controllerMetrics, "edge_telemetry_samples_accepted_total"), Is.Positive);
            Assert.That(controllerMetrics, Does.Contain("edge_node_cpu_usage_ratio{node=\"node-1\"}"));
        });
    }

    [Test]
    public async Task Controller_BadTelemetryOption_StopsWithMessageNamingKey()
    {
        using var fleet = new LocalFleet();
        using var controller = ChildProcess.Start("controller", Repo.ControllerDll,
            ["run", "--listen", fleet.ControllerUrl, "--data-dir", Path.Combine(fleet.Dir, "c"), "--Controller:Telemetry:ExternalBroker=http://broker"]);

        var code = await controller.WaitForExitAsync(Bound);

        Assert.That(code, Is.EqualTo(1));
        Assert.That(controller.Output, Does.Contain("Controller:Telemetry:ExternalBroker 'http://broker' is not an mqtt://host:port"));
    }
}
