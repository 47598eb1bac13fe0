using Edge.Protos.V1;

namespace Edge.IntegrationTests;

/// <summary>
/// Store and forward with real processes and SIGKILL: every sample an agent
/// produces is ingested exactly once, or counted as dropped by the outbox's
/// policy. Each test prints its account.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class TelemetryReliabilityTests
{
    private const string Node = "node-1";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    internal static readonly string[] FastTelemetry = ["--telemetry-period", "00:00:00.100", "--set", "Agent:TelemetryBatchMax=20"];

    [Test]
    public async Task EmbeddedBroker_ControllerKilledMidStream_EverySampleIngestedOnceOrPending()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var agent = fleet.StartAgent(Node, null, FastTelemetry);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 20, Bound, "20 samples ingested");

        await KillControllerAsync(fleet, agent, ledger);
        var whileDown = await Eventually.Until(ledger.AgentFiguresAsync, f => f.Pending >= 20, Bound, "20 samples kept in the outbox while the broker is gone");
        ledger.ControllerRestarted();
        await fleet.StartControllerAsync();
        var account = await ledger.SettleAsync("embedded broker, controller SIGKILL", await DuplicatesAsync(fleet));

        Assert.Multiple(() =>
        {
            Assert.That(account.Unexplained, Is.Zero);
            Assert.That(account.DroppedByPolicy, Is.Zero, "the outbox had room");
            Assert.That(account.DuplicatesWithinOneController, Is.Zero);
            Assert.That(whileDown.Pending, Is.GreaterThanOrEqualTo(20UL));
            Assert.That(fleet.Agent(Node).OutputContains("Telemetry flowing again"), Is.True);
        });
    }

    [Test]
    public async Task EmbeddedBroker_OutboxFilledPastBound_OldestDroppedAndCounted()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var agent = fleet.StartAgent(Node, null, [.. FastTelemetry, "--set", "Agent:OutboxMaxSamples=10"]);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 10, Bound, "10 samples ingested");

        await KillControllerAsync(fleet, agent, ledger);
        var full = await Eventually.Until(ledger.AgentFiguresAsync, f => f.Dropped >= 15, Bound, "the outbox dropped 15 samples");
        ledger.ControllerRestarted();
        await fleet.StartControllerAsync();
        var account = await ledger.SettleAsync("outbox bound 10 samples, controller down", await DuplicatesAsync(fleet));
        var top = await Eventually.Until(async () => (await fleet.Admin.TopNodesAsync(new TopNodesRequest(), deadline: LocalFleet.Deadline())).Nodes,
            nodes => nodes.Any(n => n.AgentDroppedTotal >= full.Dropped), Bound, "the controller shows the agent's drops");

        Assert.Multiple(() =>
        {
            Assert.That(account.Unexplained, Is.Zero);
            Assert.That(account.DroppedByPolicy, Is.GreaterThanOrEqualTo(15UL));
            Assert.That(full.Pending, Is.LessThanOrEqualTo(10UL));
            Assert.That(top.Single().AgentDroppedTotal, Is.GreaterThanOrEqualTo(15UL));
            Assert.That(fleet.Agent(Node).OutputContains("Telemetry outbox full"), Is.True);
        });
    }

    [Test]
    public async Task EmbeddedBroker_AgentKilledBetweenPublishAndPuback_RedeliveryCountedOnce()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent(Node, null, FastTelemetry);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 10, Bound, "10 samples ingested");

        // A frozen broker takes the publish into its socket but sends no PUBACK: the agent dies waiting.
        fleet.Controller.Pause();
        await Eventually.Until(ledger.AgentFiguresAsync, f => f.Pending >= 5, Bound, "samples waiting on a PUBACK");
        fleet.Agent(Node).Kill();
        fleet.Controller.Resume();
        fleet.StartAgent(Node, null, FastTelemetry);
        await Eventually.Until(async () => await DuplicatesAsync(fleet), d => d >= 1, Bound, "the redelivered batch recognised");
        await Eventually.Until(ledger.PollAsync, n => n >= 40, Bound, "40 samples ingested");
        var account = await ledger.SettleAsync("agent SIGKILL between publish and PUBACK", await DuplicatesAsync(fleet));

        Assert.Multiple(() =>
        {
            Assert.That(account.Unexplained, Is.Zero);
            Assert.That(account.RedeliveriesCountedOnce, Is.GreaterThanOrEqualTo(1));
            Assert.That(account.DuplicatesWithinOneController, Is.Zero, "each redelivered sample is in the series once");
            Assert.That(account.IngestedAgainAfterControllerRestart, Is.Zero);
        });
    }

    [Test]
    public async Task EmbeddedBroker_ControllerKilledBetweenIngestAndPuback_RedeliveryCountedOnceByNewController()
    {
        using var fleet = new LocalFleet();
        using var relay = new AckSwallowingRelay(fleet.MqttPort);
        await fleet.StartControllerAsync();
        var agent = fleet.StartAgent(Node, null, [.. FastTelemetry, "--set", $"Agent:MqttServer=mqtt://127.0.0.1:{relay.Port}"]);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 10, Bound, "10 samples ingested");

        // From now on the controller ingests, stores its watermark and answers, but the agent never sees the PUBACK.
        relay.Hold();
        await Eventually.Until(ledger.AgentFiguresAsync, f => f.Pending >= 5, Bound, "the agent waits on a PUBACK");
        agent.Pause();
        await ledger.PollUntilStableAsync();
        agent.Resume();
        var unacknowledged = await ledger.AgentFiguresAsync();
        var ingestedUnacknowledged = ledger.Ingested.Count(s => s > unacknowledged.Acknowledged);
        fleet.KillController();
        relay.Release();
        ledger.ControllerRestarted();
        await fleet.StartControllerAsync();
        await Eventually.Until(async () => await DuplicatesAsync(fleet), d => d >= 1, Bound, "the new controller recognises the redelivered batch");
        var account = await ledger.SettleAsync("controller SIGKILL between ingest and PUBACK", await DuplicatesAsync(fleet));

        Assert.Multiple(() =>
        {
            Assert.That(relay.Swallowed, Is.GreaterThan(0), "PUBACKs were held back");
            Assert.That(ingestedUnacknowledged, Is.GreaterThanOrEqualTo(1), "the old controller ingested samples the agent saw no PUBACK for");
            Assert.That(account.Unexplained, Is.Zero);
            Assert.That(account.RedeliveriesCountedOnce, Is.GreaterThanOrEqualTo(1));
            Assert.That(account.IngestedAgainAfterControllerRestart, Is.Zero, "the new controller knew the old one's watermark");
            Assert.That(account.DuplicatesWithinOneController, Is.Zero);
        });
    }

    [Test]
    public async Task EmbeddedBroker_AgentStateFileCorrupt_NewStreamFromOneCountedNotTakenForDuplicates()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var agent = fleet.StartAgent(Node, null, FastTelemetry);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 30, Bound, "30 samples ingested");
        agent.Kill();
        var old = await Eventually.Until(ledger.PollAsync, n => n > 0, Bound, "the old stream's samples");

        // A damaged state file: the agent moves it aside and starts again, sequence from 1.
        var restarted = DateTimeOffset.UtcNow;
        File.WriteAllBytes(Path.Combine(fleet.AgentDataDir(Node), "agent.db"), [.. Enumerable.Repeat((byte)0x5A, 16384)]);
        fleet.StartAgent(Node, null, FastTelemetry);
        var produced = await Eventually.Until(ledger.AgentFiguresAsync, f => f.Produced >= 20 && f.Pending == 0, Bound, "20 samples of the new stream delivered");
        var points = await Eventually.Until(
            async () => (await fleet.Admin.QuerySeriesAsync(new QuerySeriesRequest { Node = Node, Metrics = { "cpu_usage_ratio" } }, deadline: LocalFleet.Deadline()))
                .Series.Single().Points.Where(p => p.At.ToDateTimeOffset() >= restarted).Select(p => p.Sequence).ToList(),
            s => (ulong)s.Count >= produced.Produced, Bound, "the new stream's samples in the series");
        var metrics = await fleet.ControllerMetricsAsync();
        var duplicates = LocalFleet.Figure(metrics, "edge_telemetry_samples_duplicate_total");
        TestContext.Out.WriteLine(
            $"telemetry account [agent.db quarantined, new stream]: old stream ingested {old}, new stream produced {produced.Produced}, " +
            $"ingested {points.Count} (sequences {points.Min()}-{points.Max()}), dropped {produced.Dropped}, duplicates counted {duplicates}, " +
            $"stream restarts {LocalFleet.Figure(metrics, "edge_telemetry_stream_restarts_total")}");

        Assert.Multiple(() =>
        {
            Assert.That(fleet.Agent(Node).OutputContains("is unreadable"), Is.True, "the agent quarantined its state file");
            Assert.That(points.Min(), Is.EqualTo(1UL), "the new stream starts at 1");
            Assert.That(points, Is.Unique);
            Assert.That(points, Is.EquivalentTo(Enumerable.Range(1, points.Count).Select(i => (ulong)i)), "every sample of the new stream ingested once, none missing");
            Assert.That(points, Has.Count.GreaterThanOrEqualTo((int)produced.Produced));
            Assert.That(duplicates, Is.Zero, "nothing of the new stream taken for a redelivery");
            Assert.That(LocalFleet.Figure(metrics, "edge_telemetry_stream_restarts_total"), Is.EqualTo(1));
            Assert.That(fleet.Controller.OutputContains("comes on a new stream"), Is.True);
        });
    }

    [Test]
    public async Task Mosquitto_BrokerKilledAndRestartedMidStream_SharedSubscriptionIngestsEverySample()
    {
        Edge.Testing.MissingTool.Require(Mosquitto.Installed, "mosquitto is not installed (apt-get install -y mosquitto); .ci/run installs it");
        using var fleet = new LocalFleet();
        using var broker = new Mosquitto(Path.Combine(fleet.Dir, "mosquitto"));
        await broker.StartAsync();
        await fleet.StartControllerAsync(
            "--Controller:Mqtt:Enabled=false",
            $"--Controller:Telemetry:ExternalBroker={broker.Uri}",
            $"--Controller:Telemetry:ClientId=edge-controller-{fleet.MqttPort}");
        fleet.StartAgent(Node, null, FastTelemetry);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 20, Bound, "20 samples ingested through mosquitto");

        broker.Kill();
        var whileDown = await Eventually.Until(ledger.AgentFiguresAsync, f => f.Pending >= 10, Bound, "10 samples kept in the outbox while mosquitto is gone");
        await broker.StartAsync();
        var account = await ledger.SettleAsync("mosquitto SIGKILL and restart, shared subscription", await DuplicatesAsync(fleet));

        Assert.Multiple(() =>
        {
            Assert.That(account.Unexplained, Is.Zero);
            Assert.That(account.DroppedByPolicy, Is.Zero);
            Assert.That(account.DuplicatesWithinOneController, Is.Zero);
            Assert.That(whileDown.Pending, Is.GreaterThanOrEqualTo(10UL));
            Assert.That(fleet.Controller.OutputContains("Ingesting telemetry from"), Is.True);
        });
    }

    /// <summary>
    /// SIGKILLs the controller (and its embedded broker) with the agent frozen
    /// for the moment, so that what the doomed controller ingested is read in full first.
    /// </summary>
    private static async Task KillControllerAsync(LocalFleet fleet, ChildProcess agent, TelemetryLedger ledger)
    {
        agent.Pause();
        await ledger.PollUntilStableAsync();
        fleet.KillController();
        agent.Resume();
    }

    private static async Task<long> DuplicatesAsync(LocalFleet fleet) =>
        (long)LocalFleet.Figure(await fleet.ControllerMetricsAsync(), "edge_telemetry_samples_duplicate_total");
}
