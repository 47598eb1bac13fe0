using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.IntegrationTests;

/// <summary>
/// End-to-end acknowledgement with real processes and SIGKILL: a sample
/// leaves the agent's outbox only when the controller's committed watermark
/// covers it, so whatever a broker acknowledged and then lost (killed before
/// saving, past its queue limit, delivered to another subscriber) is sent
/// again and ingested once. Each test prints its account.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class TelemetryAcknowledgementTests
{
    private const string Node = "node-1";
    private const string Unacknowledged = "edge_agent_telemetry_samples_unacknowledged";
    private const string Resends = "edge_agent_telemetry_resends_total";

    /// <summary>Mosquitto that never saves before it is killed: what it queued dies with it.</summary>
    private const string SavesNothing = "autosave_interval 3600";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly string[] FastTelemetry = TelemetryReliabilityTests.FastTelemetry;

    [Test]
    public async Task EmbeddedBroker_AcknowledgementsHeldThenControllerKilled_ResentSamplesCountedOnce()
    {
        using var fleet = new LocalFleet();
        using var relay = new AckSwallowingRelay(fleet.GrpcPort);
        await fleet.StartControllerAsync();
        var agent = fleet.StartAgent(Node, $"http://127.0.0.1:{relay.Port}", FastTelemetry);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 10, Bound, "10 samples ingested");

        // From now on the Connect stream carries nothing to the agent: the controller ingests, the agent hears no watermark.
        relay.Hold();
        var resends = await Eventually.Until(() => AgentFigureAsync(fleet, Resends), r => r >= 2, Bound, "the agent sent twice again from its last watermark");
        var duplicatesBefore = await Eventually.Until(() => TelemetryReliabilityTests.DuplicatesAsync(fleet), d => d >= 1, Bound, "the resent samples recognised");
        var heldBack = await AgentFigureAsync(fleet, Unacknowledged);
        await TelemetryReliabilityTests.KillControllerAsync(fleet, agent, ledger);
        relay.Release();
        ledger.ControllerRestarted();
        await fleet.StartControllerAsync();
        var account = await ledger.SettleAsync(
            "acknowledgements held back, controller SIGKILL", duplicatesBefore + await TelemetryReliabilityTests.DuplicatesAsync(fleet));

        Assert.Multiple(() =>
        {
            Assert.That(relay.Swallowed, Is.GreaterThan(0), "the acknowledgements were held back");
            Assert.That(heldBack, Is.GreaterThanOrEqualTo(1), "ingested samples stayed in the outbox while unacknowledged");
            Assert.That(account.Unexplained, Is.Zero);
            Assert.That(account.DroppedByPolicy, Is.Zero);
            Assert.That(account.RedeliveriesCountedOnce, Is.GreaterThanOrEqualTo(1));
            Assert.That(account.DuplicatesWithinOneController, Is.Zero, "each resent sample is in the series once");
            Assert.That(account.IngestedAgainAfterControllerRestart, Is.Zero, "the new controller knew the old one's watermark");
            Assert.That(fleet.Agent(Node).OutputContains("sending again from there"), Is.True);
        });
    }

    [Test]
    public async Task Mosquitto_ControllerKilled_SamplesKeptUntilTheNewControllerAcknowledges()
    {
        using var fleet = new LocalFleet();
        using var broker = await StartMosquittoAsync(fleet, "");
        var (agent, ledger) = await IngestingThroughAsync(fleet, broker);

        await TelemetryReliabilityTests.KillControllerAsync(fleet, agent, ledger);
        // Mosquitto acknowledges what the agent publishes now; the agent keeps it all the same.
        var held = await Eventually.Until(() => AgentFigureAsync(fleet, Unacknowledged), u => u >= 20, Bound, "20 samples taken by mosquitto, not acknowledged");
        ledger.ControllerRestarted();
        await StartControllerAsync(fleet, broker);
        var account = await ledger.SettleAsync("mosquitto, controller SIGKILL", await TelemetryReliabilityTests.DuplicatesAsync(fleet));

        AssertNothingLostNothingTwice(account);
        Assert.That(held, Is.GreaterThanOrEqualTo(20));
    }

    [Test]
    public async Task Mosquitto_KilledWhileControllerDown_WhatItLostIsSentAgain()
    {
        using var fleet = new LocalFleet();
        using var broker = await StartMosquittoAsync(fleet, SavesNothing);
        var (agent, ledger) = await IngestingThroughAsync(fleet, broker);

        await TelemetryReliabilityTests.KillControllerAsync(fleet, agent, ledger);
        var queued = await Eventually.Until(() => AgentFigureAsync(fleet, Unacknowledged), u => u >= 20, Bound, "20 samples queued in mosquitto for the controller");
        broker.Kill();
        await broker.StartAsync();
        ledger.ControllerRestarted();
        await StartControllerAsync(fleet, broker);
        var account = await ledger.SettleAsync("mosquitto SIGKILL while the controller is down", await TelemetryReliabilityTests.DuplicatesAsync(fleet));
        var resends = await AgentFigureAsync(fleet, Resends);
        TestContext.Out.WriteLine($"queued in mosquitto when it was killed: {queued}; agent resends: {resends}");

        AssertNothingLostNothingTwice(account);
        Assert.That(resends, Is.GreaterThanOrEqualTo(1), "what mosquitto acknowledged and lost went out again");
    }

    [Test]
    public async Task Mosquitto_ControllerOutageOverflowsItsQueue_DroppedPublishesSentAgain()
    {
        using var fleet = new LocalFleet();
        // stderr, unbuffered: the drop notice shows while mosquitto runs.
        using var broker = await StartMosquittoAsync(fleet, "max_queued_messages 5\nlog_dest stderr");
        var (agent, ledger) = await IngestingThroughAsync(fleet, broker);

        await TelemetryReliabilityTests.KillControllerAsync(fleet, agent, ledger);
        await Eventually.Until(() => broker.Process.OutputContains("Outgoing messages are being dropped"), Bound, "mosquitto drops what it queued past 5 messages");
        var held = await Eventually.Until(() => AgentFigureAsync(fleet, Unacknowledged), u => u >= 30, Bound, "30 samples taken by mosquitto, not acknowledged");
        ledger.ControllerRestarted();
        await StartControllerAsync(fleet, broker);
        var account = await ledger.SettleAsync("controller outage past mosquitto's queue limit", await TelemetryReliabilityTests.DuplicatesAsync(fleet));
        var outOfOrder = LocalFleet.Figure(await fleet.ControllerMetricsAsync(), "edge_telemetry_batches_out_of_order_total");
        TestContext.Out.WriteLine($"held back while the controller was down: {held}; publishes not taken out of order: {outOfOrder}");

        AssertNothingLostNothingTwice(account);
        Assert.That(await AgentFigureAsync(fleet, Resends), Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Mosquitto_ExtraSubscriberWhileControllerAway_SamplesItTookSentAgain()
    {
        using var fleet = new LocalFleet();
        using var broker = await StartMosquittoAsync(fleet, SavesNothing);
        var (agent, ledger) = await IngestingThroughAsync(fleet, broker);

        await TelemetryReliabilityTests.KillControllerAsync(fleet, agent, ledger);
        // Restarted empty, mosquitto forgot the controller's subscription; another subscriber makes its PUBACKs say "delivered".
        broker.Kill();
        await broker.StartAsync();
        using var watcher = await WatchAsync(broker);
        var seen = await Eventually.Until(() => Task.FromResult(watcher.Received), n => n >= 10, Bound, "10 publishes taken by the other subscriber alone");
        ledger.ControllerRestarted();
        await StartControllerAsync(fleet, broker);
        var account = await ledger.SettleAsync("another subscriber on mosquitto, controller away", await TelemetryReliabilityTests.DuplicatesAsync(fleet));

        AssertNothingLostNothingTwice(account);
        Assert.That(seen, Is.GreaterThanOrEqualTo(10), "mosquitto answered these publishes as delivered while the controller had no subscription");
    }

    [Test]
    public async Task NoControllerMet_BrokerAcknowledges_NothingLeavesTheOutbox()
    {
        using var fleet = new LocalFleet();
        using var broker = await StartMosquittoAsync(fleet, "");
        using var watcher = await WatchAsync(broker);
        // A controller address nothing answers on: the broker takes every publish, no watermark ever comes.
        fleet.StartAgent(Node, $"http://127.0.0.1:{Ports.Free()}", [.. FastTelemetry, "--set", $"Agent:MqttServer={broker.Uri}"]);
        await Eventually.Until(() => Task.FromResult(watcher.Received), n => n >= 20, Bound, "20 publishes taken by mosquitto");
        var metrics = await fleet.AgentMetricsAsync(Node);

        Assert.Multiple(() =>
        {
            Assert.That(LocalFleet.Figure(metrics, "edge_agent_telemetry_samples_acknowledged_total"), Is.Zero, "a PUBACK removes nothing");
            Assert.That(LocalFleet.Figure(metrics, "edge_agent_telemetry_samples_dropped_total"), Is.Zero);
            Assert.That(LocalFleet.Figure(metrics, "edge_agent_telemetry_outbox_samples"),
                Is.EqualTo(LocalFleet.Figure(metrics, "edge_agent_telemetry_samples_produced_total")), "every sample still in the outbox");
            Assert.That(LocalFleet.Figure(metrics, Unacknowledged), Is.GreaterThanOrEqualTo(1));
            Assert.That(LocalFleet.Figure(metrics, "edge_agent_telemetry_controller_acknowledges"), Is.Zero);
        });
    }

    [Test]
    public async Task OlderController_NoAcknowledgementAnnounced_PubackRemovesSamples()
    {
        using var fleet = new LocalFleet();
        await using var older = await FakeController.StartAsync(); // its Welcome does not say telemetry_ack
        using var broker = await StartMosquittoAsync(fleet, "");
        using var watcher = await WatchAsync(broker);
        fleet.StartAgent(Node, older.Url, [.. FastTelemetry, "--set", $"Agent:MqttServer={broker.Uri}"]);
        var metrics = await Eventually.Until(() => fleet.AgentMetricsAsync(Node),
            m => LocalFleet.Figure(m, "edge_agent_telemetry_samples_acknowledged_total") >= 20, Bound, "20 samples removed on PUBACK");

        Assert.Multiple(() =>
        {
            Assert.That(LocalFleet.Figure(metrics, "edge_agent_telemetry_controller_acknowledges"), Is.Zero);
            Assert.That(LocalFleet.Figure(metrics, "edge_agent_telemetry_resends_total"), Is.Zero);
            Assert.That(LocalFleet.Figure(metrics, "edge_agent_telemetry_samples_dropped_total"), Is.Zero);
            Assert.That(fleet.Agent(Node).OutputContains("the controller does not acknowledge telemetry"), Is.True);
            Assert.That(watcher.Received, Is.GreaterThanOrEqualTo(1));
        });
    }

    private static void AssertNothingLostNothingTwice(TelemetryAccount account) => Assert.Multiple(() =>
    {
        Assert.That(account.Unexplained, Is.Zero, "every sample ingested or still in the outbox");
        Assert.That(account.DroppedByPolicy, Is.Zero, "the outbox had room");
        Assert.That(account.Pending, Is.Zero);
        Assert.That(account.DuplicatesWithinOneController, Is.Zero);
        Assert.That(account.IngestedAgainAfterControllerRestart, Is.Zero);
    });

    private static async Task<Mosquitto> StartMosquittoAsync(LocalFleet fleet, string extraConfig)
    {
        Edge.Testing.MissingTool.Require(Mosquitto.Installed, "mosquitto is not installed (apt-get install -y mosquitto); .ci/run installs it");
        var broker = new Mosquitto(Path.Combine(fleet.Dir, "mosquitto"), null, extraConfig);
        await broker.StartAsync();
        return broker;
    }

    /// <summary>The controller on the external broker and the agent started, once 20 samples are ingested through it.</summary>
    private static async Task<(ChildProcess Agent, TelemetryLedger Ledger)> IngestingThroughAsync(LocalFleet fleet, Mosquitto broker)
    {
        await StartControllerAsync(fleet, broker);
        var agent = fleet.StartAgent(Node, null, FastTelemetry);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 20, Bound, "20 samples ingested through mosquitto");
        return (agent, ledger);
    }

    private static Task StartControllerAsync(LocalFleet fleet, Mosquitto broker) => fleet.StartControllerAsync(
        "--Controller:Mqtt:Enabled=false",
        $"--Controller:Telemetry:ExternalBroker={broker.Uri}",
        $"--Controller:Telemetry:ClientId=edge-controller-{fleet.MqttPort}");

    private static async Task<double> AgentFigureAsync(LocalFleet fleet, string name) =>
        LocalFleet.Figure(await fleet.AgentMetricsAsync(Node), name);

    private static async Task<Watcher> WatchAsync(Mosquitto broker)
    {
        var watcher = new Watcher();
        await Eventually.Until(async () =>
        {
            await watcher.Client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId("watcher").Build());
            await watcher.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("edge/v1/nodes/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return true;
        }, ok => ok, Bound, "the other subscriber subscribed");
        return watcher;
    }

    /// <summary>A plain subscriber to every node's telemetry, counting what it is given.</summary>
    private sealed class Watcher : IDisposable
    {
        private long _received;

        public Watcher()
        {
            Client.ApplicationMessageReceivedAsync += _ =>
            {
                Interlocked.Increment(ref _received);
                return Task.CompletedTask;
            };
        }

        public IMqttClient Client { get; } = new MqttClientFactory().CreateMqttClient();

        public long Received => Interlocked.Read(ref _received);

        public void Dispose() => Client.Dispose();
    }
}
