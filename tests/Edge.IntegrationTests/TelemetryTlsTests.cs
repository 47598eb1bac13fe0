using MQTTnet;

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

    [Test]
    public async Task Mosquitto_Tls_MqttTriggerSubscribesWithTheAgentsSettings_Replies()
    {
        Edge.Testing.MissingTool.Require(Mosquitto.Installed, "mosquitto is not installed (apt-get install -y mosquitto); .ci/run installs it");
        using var fleet = new LocalFleet();
        var tls = TlsBrokerFiles.Create(Path.Combine(fleet.Dir, "tls"), Node, "controller", "requester");
        using var broker = new Mosquitto(Path.Combine(fleet.Dir, "mosquitto"), tls);
        await broker.StartAsync();
        await StartControllerAsync(fleet, broker, tls, tls.CaFile);
        fleet.StartAgent(Node, null, [.. FastTelemetry, .. AgentTls(broker, tls, tls.CaFile)]);
        var (code, output) = await fleet.EdgectlAsync("apply", "-f", Repo.Sample("echo/workload.yaml"));
        Assert.That(code, Is.Zero, output);
        await Eventually.Until(() => fleet.NodeAsync(Node), n => n.Workloads.Any(w => w.Name == "echo" && w.Phase == Edge.Protos.V1.WorkloadPhase.Running), Bound, "node-1 runs echo");
        var ca = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        ca.ImportFromPemFile(tls.CaFile);
        using var client = new MQTTnet.MqttClientFactory().CreateMqttClient();
        var replies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            replies.Enqueue(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("requester")
            .WithCredentials("requester", (await File.ReadAllTextAsync(tls.PasswordOf("requester"))).Trim())
            .WithTlsOptions(t => t.UseTls(true).WithTargetHost("127.0.0.1").WithTrustChain(ca)).Build());
        await client.SubscribeAsync(new MQTTnet.MqttClientSubscribeOptionsBuilder().WithTopicFilter("edge/samples/echo/out", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());

        // The trigger connection (edge-agent-node-1.triggers) uses the agent's mqtts:// broker, CA file and password.
        var reply = await Eventually.Until(async () =>
        {
            await client.PublishAsync(new MQTTnet.MqttApplicationMessageBuilder().WithTopic("edge/samples/echo/in").WithPayload("ping over mosquitto tls")
                .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return replies.TryPeek(out var r) ? r : null;
        }, r => r is not null, Bound, "a reply on edge/samples/echo/out through mosquitto over TLS");

        Assert.That(reply, Is.EqualTo("ping over mosquitto tls"));
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
