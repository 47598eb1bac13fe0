namespace Edge.IntegrationTests;

/// <summary>
/// Telemetry through Mosquitto over TLS with a CA and certificates made by
/// the test and a password per client: the agent publishes as its node, the
/// controller ingests through its shared subscription. A client that does not
/// trust the broker's certificate says so and keeps its samples.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class TelemetryTlsTests
{
    private const string Node = "node-1";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static readonly string[] FastTelemetry = TelemetryReliabilityTests.FastTelemetry;

    [Test]
    public async Task Mosquitto_Tls_AgentPublishesControllerIngestsEverySample()
    {
        Edge.Testing.MissingTool.Require(Mosquitto.Installed, "mosquitto is not installed (apt-get install -y mosquitto); .ci/run installs it");
        using var fleet = new LocalFleet();
        var tls = TlsBrokerFiles.Create(Path.Combine(fleet.Dir, "tls"), Node, "controller");
        using var broker = new Mosquitto(Path.Combine(fleet.Dir, "mosquitto"), tls);
        await broker.StartAsync();
        await StartControllerAsync(fleet, broker, tls, tls.CaFile);
        fleet.StartAgent(Node, null, [.. FastTelemetry, .. AgentTls(broker, tls, tls.CaFile)]);
        var ledger = new TelemetryLedger(fleet, Node);
        await Eventually.Until(ledger.PollAsync, n => n >= 20, Bound, "20 samples ingested over TLS");
        var account = await ledger.SettleAsync("mosquitto over TLS, per-node password, shared subscription", 0);

        Assert.Multiple(() =>
        {
            Assert.That(broker.Uri, Does.StartWith("mqtts://"));
            Assert.That(account.Unexplained, Is.Zero);
            Assert.That(account.Ingested, Is.GreaterThanOrEqualTo(20UL));
            Assert.That(fleet.Controller.OutputContains("Ingesting telemetry from mqtts://"), Is.True);
        });
    }

    [Test]
    public async Task Mosquitto_Tls_AgentTrustsAnotherCa_ClearErrorAndSamplesKept()
    {
        Edge.Testing.MissingTool.Require(Mosquitto.Installed, "mosquitto is not installed (apt-get install -y mosquitto); .ci/run installs it");
        using var fleet = new LocalFleet();
        var tls = TlsBrokerFiles.Create(Path.Combine(fleet.Dir, "tls"), Node, "controller");
        var stranger = TlsBrokerFiles.Create(Path.Combine(fleet.Dir, "other-ca"));
        using var broker = new Mosquitto(Path.Combine(fleet.Dir, "mosquitto"), tls);
        await broker.StartAsync();
        await StartControllerAsync(fleet, broker, tls, stranger.CaFile);
        fleet.StartAgent(Node, null, [.. FastTelemetry, .. AgentTls(broker, tls, stranger.CaFile)]);
        var ledger = new TelemetryLedger(fleet, Node);

        var kept = await Eventually.Until(ledger.AgentFiguresAsync, f => f.Pending >= 10, Bound, "samples kept in the outbox");
        var problem = $"is not trusted by the CA in {stranger.CaFile}";
        await Eventually.Until(() => Task.FromResult(fleet.Agent(Node).OutputContains(problem)), seen => seen, Bound, "the agent names the certificate problem");
        await Eventually.Until(() => Task.FromResult(fleet.Controller.OutputContains(problem)), seen => seen, Bound, "the controller names the certificate problem");
        TestContext.Out.WriteLine($"agent: {fleet.Agent(Node).Output.Split('\n').First(l => l.Contains(problem, StringComparison.Ordinal))}");
        TestContext.Out.WriteLine($"controller: {fleet.Controller.Output.Split('\n').First(l => l.Contains(problem, StringComparison.Ordinal))}");

        Assert.Multiple(() =>
        {
            Assert.That(kept.Acknowledged, Is.Zero, "nothing left the outbox");
            Assert.That(kept.Dropped, Is.Zero);
            Assert.That(fleet.Agent(Node).OutputContains("kept in the outbox"), Is.True);
        });
    }

    private static Task StartControllerAsync(LocalFleet fleet, Mosquitto broker, TlsBrokerFiles tls, string caFile) =>
        fleet.StartControllerAsync(
            "--Controller:Mqtt:Enabled=false",
            $"--Controller:Telemetry:ExternalBroker={broker.Uri}",
            $"--Controller:Telemetry:ClientId=edge-controller-{fleet.MqttPort}",
            $"--Controller:Telemetry:CaFile={caFile}",
            "--Controller:Telemetry:Username=controller",
            $"--Controller:Telemetry:PasswordFile={tls.PasswordOf("controller")}");

    private static string[] AgentTls(Mosquitto broker, TlsBrokerFiles tls, string caFile) =>
    [
        "--set", $"Agent:MqttServer={broker.Uri}",
        "--set", $"Agent:MqttCaFile={caFile}",
        "--set", $"Agent:MqttPasswordFile={tls.PasswordOf(Node)}",
    ];
}
