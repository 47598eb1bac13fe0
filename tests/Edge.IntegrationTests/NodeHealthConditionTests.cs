using Edge.Testing;

namespace Edge.IntegrationTests;

/// <summary>
/// Each node health condition raised by a real cause on a real agent whose stream stays up, seen
/// where an operator looks (nodes list and get, explain, /metrics), then cleared once the cause
/// is gone. Short bounds through configuration keep each test to seconds.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class NodeHealthConditionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task NotApplying_ModuleCacheUnwritableWhileConnected_RaisedThenClearedByTheRetry()
    {
        MissingTool.Require(ImmutableFiles.Available(), ImmutableFiles.Requirement);
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync("--Controller:Health:NotApplyingAfter=00:00:02");
        fleet.StartAgent("n1", null, "--set", "Agent:ModuleRetryMinDelay=00:00:00.200", "--set", "Agent:ModuleRetryMaxDelay=00:00:01");
        await Eventually.Until(() => fleet.NodeAsync("n1"), n => n.Condition == Edge.Protos.V1.NodeCondition.Ready && n.Telemetry is not null && n.HealthConditions.Count == 0, Bound, "n1 healthy");
        var modules = Path.Combine(fleet.AgentDataDir("n1"), "modules");
        Directory.CreateDirectory(modules);
        try
        {
            Assert.That(ImmutableFiles.Chattr("+i", [modules]), Is.True, "the module cache refuses new files");
            await fleet.ApplyHelloAsync();
            var node = await Eventually.Until(
                () => fleet.NodeAsync("n1"),
                n => n.HealthConditions.Any(c => c.Type == "NotApplying"),
                Bound,
                "NotApplying raised while the module cannot be stored");
            var condition = node.HealthConditions.Single(c => c.Type == "NotApplying");
            Assert.Multiple(() =>
            {
                Assert.That(condition.Reason, Is.EqualTo("WorkloadsNotStarting"));
                Assert.That(condition.Message, Does.Contain("hello").And.Contain("could not be fetched"));
                Assert.That(node.Workloads.Single(w => w.Name == "hello").Phase, Is.EqualTo(Edge.Protos.V1.WorkloadPhase.Pending));
            });
            await AssertShownAsync(fleet, "NotApplying", "could not be fetched");
        }
        finally
        {
            ImmutableFiles.Chattr("-i", [modules]);
        }

        await Eventually.Until(() => fleet.NodeAsync("n1"), n => LocalFleet.RunsHello(n) && n.HealthConditions.Count == 0, Bound, "hello runs and NotApplying cleared");
        Assert.Multiple(async () =>
        {
            Assert.That(fleet.Agent("n1").OutputContains("Waiting workloads started after"), Is.True, "started by the retry while connected, not by a reconnect");
            Assert.That(await fleet.ControllerMetricsAsync(), Does.Contain("edge_node_health_condition{node=\"n1\",condition=\"NotApplying\"} 0"));
        });
    }

    [Test]
    public async Task TelemetryStalled_BrokerUnreachableWhileStreamLives_RaisedThenClearedWhenItIsBack()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync("--Controller:Health:TelemetryStalledAfter=00:00:02");
        using var relay = new AckSwallowingRelay(fleet.MqttPort);
        fleet.StartAgent("n1", null, "--mqtt", $"mqtt://127.0.0.1:{relay.Port}");
        await fleet.ApplyHelloAsync();
        await Eventually.Until(() => fleet.NodeAsync("n1"), n => LocalFleet.RunsHello(n) && n.Telemetry is not null && n.HealthConditions.Count == 0, Bound, "n1 healthy, telemetry through the relay");

        relay.Cut();
        var node = await Eventually.Until(
            () => fleet.NodeAsync("n1"),
            n => n.HealthConditions.Any(c => c.Type == "TelemetryStalled"),
            Bound,
            "TelemetryStalled raised while the broker is unreachable");
        Assert.Multiple(() =>
        {
            Assert.That(node.Condition, Is.EqualTo(Edge.Protos.V1.NodeCondition.Ready), "the stream lives: a heartbeating node, not a disconnected one");
            Assert.That(node.HealthConditions.Single(c => c.Type == "TelemetryStalled").Reason, Is.EqualTo("TelemetryStopped"));
            Assert.That(node.HealthConditions.Select(c => c.Type), Does.Not.Contain("NotApplying").And.Not.Contain("StoreFailed"));
        });
        await AssertShownAsync(fleet, "TelemetryStalled", "no telemetry for");

        relay.Restore();
        await Eventually.Until(() => fleet.NodeAsync("n1"), n => n.HealthConditions.Count == 0, Bound, "TelemetryStalled cleared once the broker is reachable");
        Assert.That(await fleet.ControllerMetricsAsync(), Does.Contain("edge_node_health_condition{node=\"n1\",condition=\"TelemetryStalled\"} 0"));
    }

    /// <summary>The condition in `nodes list` (not Ready), `nodes get`, `explain workload hello` and /metrics.</summary>
    private static async Task AssertShownAsync(LocalFleet fleet, string condition, string because)
    {
        var (listCode, list) = await fleet.EdgectlAsync("nodes", "list");
        var (getCode, get) = await fleet.EdgectlAsync("nodes", "get", "n1");
        var (explainCode, explain) = await fleet.EdgectlAsync("explain", "workload", "hello");
        var metrics = await fleet.ControllerMetricsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(listCode, Is.Zero, list);
            Assert.That(list, Does.Match($@"n1\s+NotReady,[A-Za-z,]*{condition}"), list);
            Assert.That(getCode, Is.Zero, get);
            Assert.That(get, Does.Contain(condition).And.Contain(because), get);
            Assert.That(explainCode, Is.Zero, explain);
            Assert.That(explain, Does.Contain("node n1 is not Ready").And.Contain(condition), explain);
            Assert.That(metrics, Does.Contain($"edge_node_health_condition{{node=\"n1\",condition=\"{condition}\"}} 1"));
        });
    }
}
