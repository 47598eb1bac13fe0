using System.Globalization;
using System.Text;
using Edge.Protos.V1;
using Google.Protobuf;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.IntegrationTests.Identity;

/// <summary>
/// Attacks on the embedded broker of a controller in mtls mode, by enrolled nodes
/// with MQTT clients of the test's own, beside real agents. Each asserts the
/// refusal, that the attacker learns nothing, and that the fleet's state is as
/// before (telemetry keeps flowing, nothing of the attacker's is ingested).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MqttAttackTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);
    private SecureFleet _fleet = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _fleet = new SecureFleet();
        await _fleet.StartControllerAsync(
            "--Controller:Mqtt:PlainBindAddress=127.0.0.1",
            "--Controller:Mqtt:PublishRatePerSecond=20",
            "--Controller:Mqtt:PublishBurst=40",
            "--Controller:Mqtt:MaxRetainedMessages=3",
            "--Controller:Mqtt:MaxRetainedMessageBytes=1024",
            "--Controller:Autoscaling:SyncPeriod=00:00:01",
            "--Controller:Autoscaling:MetricWindow=00:00:03");
    }

    [OneTimeTearDown]
    public void Stop() => _fleet.Dispose();

    [Test]
    public async Task RevokedNode_LiveSessionsClosed_OldCredentialsRefused_AlsoAfterTheNameIsEnrolledAgain()
    {
        await EnrollAsync("at-rev");
        var agent = _fleet.StartAgent("at-rev");
        await TelemetryOfAsync("at-rev", 1);
        var password = await File.ReadAllTextAsync(Path.Combine(_fleet.AgentDir("at-rev"), "identity", "mqtt.password"));
        using var certificate = _fleet.NodeCertificate("at-rev");
        using var tlsSession = new MqttClientFactory().CreateMqttClient();
        using var plainSession = new MqttClientFactory().CreateMqttClient();
        await tlsSession.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-rev.probe", certificate));
        await plainSession.ConnectAsync(NodeMqttClients.Plain(_fleet.MqttPort, "edge-agent-at-rev.pw", "at-rev", password));

        await _fleet.IdentityAdmin().RevokeNodeAsync(new RevokeNodeRequest { Name = "at-rev" }, SecureFleet.Call(_fleet.AdminToken));
        await Eventually.Until(() => !tlsSession.IsConnected && !plainSession.IsConnected, Bound, "revocation closes both live MQTT sessions");
        agent.Kill();
        var ingestedAfterRevocation = await AcceptedAsync();
        var sequenceAfterRevocation = (await _fleet.NodesAsync()).Single(n => n.Name == "at-rev").Telemetry?.Sequence ?? 0;

        using var again = new MqttClientFactory().CreateMqttClient();
        var oldCertificate = await NodeMqttClients.TryConnectAsync(again, NodeMqttClients.Tls(_fleet, "edge-agent-at-rev.probe", certificate));
        var oldPassword = await NodeMqttClients.TryConnectAsync(again, NodeMqttClients.Plain(_fleet.MqttPort, "edge-agent-at-rev.pw", "at-rev", password));

        // A new device takes the name: the revoked device's credentials still do not connect.
        Directory.Delete(_fleet.AgentDir("at-rev"), recursive: true);
        await EnrollAsync("at-rev");
        var newPassword = await File.ReadAllTextAsync(Path.Combine(_fleet.AgentDir("at-rev"), "identity", "mqtt.password"));
        var oldCertificateAfter = await NodeMqttClients.TryConnectAsync(again, NodeMqttClients.Tls(_fleet, "edge-agent-at-rev.probe", certificate));
        var oldPasswordAfter = await NodeMqttClients.TryConnectAsync(again, NodeMqttClients.Plain(_fleet.MqttPort, "edge-agent-at-rev.pw", "at-rev", password));
        using var fresh = new MqttClientFactory().CreateMqttClient();
        var newCredentials = await NodeMqttClients.TryConnectAsync(fresh, NodeMqttClients.Plain(_fleet.MqttPort, "edge-agent-at-rev.pw", "at-rev", newPassword));
        var sequenceNow = (await _fleet.NodesAsync()).Single(n => n.Name == "at-rev").Telemetry?.Sequence ?? 0;
        var metrics = await _fleet.MetricsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(oldCertificate, Does.Not.StartWith("Success"));
            Assert.That(oldPassword, Does.Contain("BadUserNameOrPassword"));
            Assert.That(oldCertificateAfter, Does.Not.StartWith("Success"), "the revoked certificate stays refused after re-enrollment");
            Assert.That(oldPasswordAfter, Does.Contain("BadUserNameOrPassword"), "the old password never comes back");
            Assert.That(newPassword, Is.Not.EqualTo(password));
            Assert.That(newCredentials, Is.EqualTo("Success"), "the new device's own credentials work");
            Assert.That(sequenceNow, Is.EqualTo(sequenceAfterRevocation), "nothing of the revoked device ingested since");
            Assert.That(LocalFleet.Figure(metrics, "edge_mqtt_refused_total{reason=\"revoked\"}"), Is.GreaterThanOrEqualTo(2));
        });
        await TestContext.Out.WriteLineAsync($"ingested after revocation: {ingestedAfterRevocation}; refusals: {RefusalLines(metrics)}");
    }

    [TestCase("edge/v1/nodes/at-a/telemetry")]
    [TestCase("edge/v1/nodes/+/telemetry")]
    [TestCase("edge/v1/#")]
    [TestCase("edge/v1/nodes/node/#")]
    [TestCase("#")]
    [TestCase("$share/g/edge/v1/nodes/+/telemetry")]
    public async Task Subscribe_OtherNodesTelemetry_Refused_FleetTelemetryKeepsFlowing(string filter)
    {
        await EnsureRunningAsync("at-a");
        await EnsureRunningAsync("at-b");
        await EnrollOnceAsync("at-spy");
        using var certificate = _fleet.NodeCertificate("at-spy");
        using var spy = new MqttClientFactory().CreateMqttClient();
        var received = 0;
        spy.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await spy.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-spy", certificate));
        // The counter first: a sample ingested between these reads then counts in the sequences' rise, never only in the counter's.
        var acceptedBefore = await AcceptedAsync();
        var before = (A: await SequenceAsync("at-a"), B: await SequenceAsync("at-b"), Accepted: acceptedBefore);

        var result = await spy.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        // The fleet goes on: both nodes' samples keep being ingested (no PUBACK "no matching subscribers" for anyone).
        var a = await Eventually.Until(() => SequenceAsync("at-a"), s => s >= before.A + 5, Bound, "at-a's telemetry keeps flowing");
        var b = await Eventually.Until(() => SequenceAsync("at-b"), s => s >= before.B + 5, Bound, "at-b's telemetry keeps flowing");
        // The counter is taken after the node's last value is set: wait for it to count the samples seen.
        var accepted = await Eventually.Until(AcceptedAsync, n => n >= before.Accepted + 10, Bound, "the accepted-samples counter counts them");

        Assert.Multiple(() =>
        {
            // MQTTnet's broker refuses $share itself, before the ACL sees it; either way nothing is granted.
            var code = result.Items.Single().ResultCode;
            Assert.That(code, Is.EqualTo(MqttClientSubscribeResultCode.NotAuthorized).Or.EqualTo(MqttClientSubscribeResultCode.SharedSubscriptionsNotSupported));
            Assert.That(code == MqttClientSubscribeResultCode.NotAuthorized ? result.ReasonString : "node at-spy may", Does.Contain("node at-spy may"));
            Assert.That(received, Is.Zero, "the attacker reads nothing");
            Assert.That(accepted, Is.GreaterThanOrEqualTo(before.Accepted + 10));
            Assert.That((a, b), Is.Not.EqualTo((before.A, before.B)));
        });
    }

    [Test]
    public async Task ClientIdTakeover_Refused_VictimStaysConnected()
    {
        await EnsureRunningAsync("at-a");
        await EnrollOnceAsync("at-thief");
        using var victimCertificate = _fleet.NodeCertificate("at-a");
        using var thiefCertificate = _fleet.NodeCertificate("at-thief");
        using var victim = new MqttClientFactory().CreateMqttClient();
        await victim.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-a.probe", victimCertificate));
        var before = await SequenceAsync("at-a");

        using var thief = new MqttClientFactory().CreateMqttClient();
        var probe = await NodeMqttClients.TryConnectAsync(thief, NodeMqttClients.Tls(_fleet, "edge-agent-at-a.probe", thiefCertificate));
        using var thief2 = new MqttClientFactory().CreateMqttClient();
        var agentsOwn = await NodeMqttClients.TryConnectAsync(thief2, NodeMqttClients.Tls(_fleet, "edge-agent-at-a", thiefCertificate));
        await Eventually.Until(() => SequenceAsync("at-a"), s => s >= before + 5, Bound, "at-a's agent keeps publishing on its own session");
        await victim.PingAsync();

        Assert.Multiple(() =>
        {
            Assert.That(probe, Does.Contain("ClientIdentifierNotValid"));
            Assert.That(agentsOwn, Does.Contain("ClientIdentifierNotValid"));
            Assert.That(victim.IsConnected, Is.True, "the victim's session stays");
        });
    }

    [Test]
    public async Task OversizedPacket_ConnectionClosed_NothingIngested()
    {
        await EnrollOnceAsync("at-big");
        using var certificate = _fleet.NodeCertificate("at-big");
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-big", certificate));
        var before = await _fleet.MetricsAsync();

        var sent = await Attempt(() => client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("edge/v1/nodes/at-big/telemetry").WithPayload(new byte[1024 * 1024])
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()));
        await Eventually.Until(() => !client.IsConnected, Bound, "the oversized publisher is disconnected");
        var after = await Eventually.Until(_fleet.MetricsAsync,
            m => LocalFleet.Figure(m, "edge_mqtt_refused_total{reason=\"packet_too_large\"}") > LocalFleet.Figure(before, "edge_mqtt_refused_total{reason=\"packet_too_large\"}"),
            Bound, "the refusal is counted");

        Assert.Multiple(() =>
        {
            Assert.That(sent, Does.Not.StartWith("Success"));
            Assert.That(LocalFleet.Figure(after, "edge_telemetry_rejected_total"), Is.EqualTo(LocalFleet.Figure(before, "edge_telemetry_rejected_total")), "the payload never reached ingest");
        });
    }

    [Test]
    public async Task Retained_OnTelemetryRefused_ElsewhereBoundedInSizeAndCount()
    {
        await EnrollOnceAsync("at-ret");
        using var certificate = _fleet.NodeCertificate("at-ret");
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-ret", certificate));

        var telemetry = await client.PublishAsync(Retained("edge/v1/nodes/at-ret/telemetry", 10));
        var big = await client.PublishAsync(Retained("sensors/at-ret/big", 2048));
        var small = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 4; i++)
        {
            small.Add((await client.PublishAsync(Retained($"sensors/at-ret/{i}", 16))).ReasonCode);
        }

        var metrics = await _fleet.MetricsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(telemetry.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(telemetry.ReasonString, Does.Contain("retained messages are refused under edge/v1/nodes/"));
            Assert.That(big.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.QuotaExceeded));
            Assert.That(big.ReasonString, Does.Contain("MaxRetainedMessageBytes"));
            Assert.That(small.Take(3), Is.All.EqualTo(MqttClientPublishReasonCode.NoMatchingSubscribers).Or.EqualTo(MqttClientPublishReasonCode.Success));
            Assert.That(small[3], Is.EqualTo(MqttClientPublishReasonCode.QuotaExceeded), "the 4th retained topic is past MaxRetainedMessages = 3");
            Assert.That(LocalFleet.Figure(metrics, "edge_mqtt_refused_total{reason=\"retained_telemetry\"}"), Is.GreaterThanOrEqualTo(1));
            Assert.That(LocalFleet.Figure(metrics, "edge_mqtt_refused_total{reason=\"retained_limit\"}"), Is.GreaterThanOrEqualTo(2));
        });
    }

    [Test]
    public async Task Flood_RateLimited_RefusalsCountedLogThrottled()
    {
        await EnrollOnceAsync("at-flood");
        using var certificate = _fleet.NodeCertificate("at-flood");
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-flood", certificate));
        var before = LocalFleet.Figure(await _fleet.MetricsAsync(), "edge_mqtt_refused_total{reason=\"publish_rate\"}");

        var refused = 0;
        for (var i = 0; i < 300; i++)
        {
            var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("sensors/at-flood").WithPayload(Encoding.UTF8.GetBytes("x"))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            refused += result.ReasonCode == MqttClientPublishReasonCode.QuotaExceeded ? 1 : 0;
        }

        var after = LocalFleet.Figure(await _fleet.MetricsAsync(), "edge_mqtt_refused_total{reason=\"publish_rate\"}");
        var lines = _fleet.Controller.Output.Split('\n').Count(l => l.Contains("publish_rate refused for edge-agent-at-flood", StringComparison.Ordinal));
        await TestContext.Out.WriteLineAsync($"300 publishes at full speed: {refused} refused over the rate (20/s, burst 40), {lines} log line(s)");

        Assert.Multiple(() =>
        {
            Assert.That(refused, Is.GreaterThan(150), "most of a 300-publish burst is over 20/s with a burst of 40");
            Assert.That(after - before, Is.EqualTo(refused), "each refusal counted on /metrics");
            Assert.That(lines, Is.InRange(1, 2), "one log line per client per interval, not one per refusal");
            Assert.That(client.IsConnected, Is.True);
        });
    }

    [Test]
    public async Task SpoofedFigures_ForAWorkloadOnAnotherNode_NotCounted_AutoscalerDoesNotMove()
    {
        await EnsureRunningAsync("at-a");
        var manifest = Path.Combine(_fleet.Dir, "spoofed.yaml");
        await File.WriteAllTextAsync(manifest, $$"""
            apiVersion: edge/v1
            kind: Workload
            metadata: {name: spoofed}
            spec:
              module: {{Repo.Sample("echo/echo.wat")}}
              replicas: 1
              resources: {cpu: 100m, memory: 16Mi}
              triggers: [{kind: http}]
            ---
            apiVersion: edge/v1
            kind: WorkloadAutoscaler
            metadata: {name: spoofed}
            spec:
              workload: spoofed
              minReplicas: 1
              maxReplicas: 4
              metrics: [{type: Pods, name: invocations_per_s, averageValue: 5}]
            """);
        var (code, output) = await _fleet.EdgectlAsync("--controller", _fleet.ControllerUrl, "apply", "-f", manifest);
        Assert.That(code, Is.Zero, output);
        var placedOn = await Eventually.Until(async () => (await _fleet.NodesAsync()).Where(n => n.Workloads.Any(w => w.Name == "spoofed" && w.Phase == WorkloadPhase.Running)).Select(n => n.Name).ToList(),
            n => n.Count == 1, Bound, "spoofed runs on one node");
        var liar = placedOn[0] == "at-a" ? "at-b" : "at-a";
        await EnsureRunningAsync(liar);
        using var certificate = _fleet.NodeCertificate(liar);
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(NodeMqttClients.Tls(_fleet, $"edge-agent-{liar}.spoof", certificate));
        var refusedBefore = LocalFleet.Figure(await _fleet.MetricsAsync(), "edge_telemetry_figures_refused_total{reason=\"not_on_node\"}");

        var stream = (ulong)Random.Shared.NextInt64();
        for (ulong i = 1; i <= 10; i++)
        {
            var sample = new NodeSample { Sequence = i, SampledAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(i)), CpuUsageRatio = 0.1 };
            sample.Workloads.Add(new WorkloadSample { Name = "spoofed", Invocations = i * 100_000, BusyInstances = 50 });
            var batch = new TelemetryBatch { Node = liar, Stream = stream };
            batch.Samples.Add(sample);
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"edge/v1/nodes/{liar}/telemetry").WithPayload(batch.ToByteArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        // Several autoscaler syncs (1 s) pass while the honest node goes on sampling every 0.3 s.
        var honest = await SequenceAsync(placedOn[0]);
        await Eventually.Until(() => SequenceAsync(placedOn[0]), s => s >= honest + 20, Bound, "6 s of the honest node's samples");
        var workload = (await _fleet.Admin().ListWorkloadsAsync(new ListWorkloadsRequest(), SecureFleet.Call(_fleet.AdminToken))).Workloads.Single(w => w.Name == "spoofed");
        var points = await SpoofedPointsAsync(liar);
        var refusedAfter = LocalFleet.Figure(await _fleet.MetricsAsync(), "edge_telemetry_figures_refused_total{reason=\"not_on_node\"}");

        Assert.Multiple(() =>
        {
            Assert.That(workload.ReplicasDesired, Is.EqualTo(1), "the autoscaler did not move on the spoofed figures");
            Assert.That(points, Is.Zero, $"no series of spoofed on {liar}");
            Assert.That(refusedAfter - refusedBefore, Is.EqualTo(10));
        });
    }

    [Test]
    public async Task MqttTrigger_InMtlsMode_NodeSubscribesWithItsCertificate_OthersCannotReadTheReplies()
    {
        await EnsureRunningAsync("at-a");
        var (code, output) = await _fleet.EdgectlAsync("--controller", _fleet.ControllerUrl, "apply", "-f", Repo.Sample("echo/workload.yaml"));
        Assert.That(code, Is.Zero, output);
        await Eventually.Until(async () => (await _fleet.NodesAsync()).Single(n => n.Name == "at-a").Workloads.Any(w => w.Name == "echo" && w.Phase == WorkloadPhase.Running),
            ok => ok, Bound, "at-a runs echo");
        using var certificate = _fleet.NodeCertificate("at-a");
        using var requester = new MqttClientFactory().CreateMqttClient();
        var replies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        requester.ApplicationMessageReceivedAsync += e =>
        {
            replies.Enqueue(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await requester.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-a.requester", certificate));
        var granted = await requester.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edge/samples/echo/out", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await EnrollOnceAsync("at-spy");
        using var spyCertificate = _fleet.NodeCertificate("at-spy");
        using var spy = new MqttClientFactory().CreateMqttClient();
        await spy.ConnectAsync(NodeMqttClients.Tls(_fleet, "edge-agent-at-spy.replies", spyCertificate));
        var spied = await spy.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edge/samples/echo/out", MqttQualityOfServiceLevel.AtLeastOnce).Build());

        // The agent's trigger connection (edge-agent-at-a.triggers, its certificate over TLS) subscribes once echo runs.
        var reply = await Eventually.Until(async () =>
        {
            await requester.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("edge/samples/echo/in").WithPayload("ping over mqtts")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return replies.TryPeek(out var r) ? r : null;
        }, r => r is not null, Bound, "a reply on edge/samples/echo/out");

        Assert.Multiple(() =>
        {
            Assert.That(granted.Items.Single().ResultCode, Is.EqualTo(MqttClientSubscribeResultCode.GrantedQoS1), "a node may read its own workload's reply topic");
            Assert.That(reply, Is.EqualTo("ping over mqtts"));
            Assert.That(spied.Items.Single().ResultCode, Is.EqualTo(MqttClientSubscribeResultCode.NotAuthorized), "a node without echo may not");
        });
    }

    private async Task<int> SpoofedPointsAsync(string node)
    {
        try
        {
            var series = await _fleet.Admin().QuerySeriesAsync(new QuerySeriesRequest { Node = node, Workload = "spoofed", Metrics = { "invocations_per_s" } }, SecureFleet.Call(_fleet.AdminToken));
            return series.Series.Sum(s => s.Points.Count);
        }
        catch (Grpc.Core.RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.NotFound)
        {
            return 0;
        }
    }

    private static MqttApplicationMessage Retained(string topic, int size) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(new byte[size]).WithRetainFlag()
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static async Task<string> Attempt(Func<Task<MqttClientPublishResult>> publish)
    {
        try
        {
            return (await publish()).ReasonCode.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ex.GetBaseException().Message;
        }
    }

    private static string RefusalLines(string metrics) =>
        string.Join(", ", metrics.Split('\n').Where(l => l.StartsWith("edge_mqtt_refused_total{", StringComparison.Ordinal)));

    private async Task<double> AcceptedAsync() => LocalFleet.Figure(await _fleet.MetricsAsync(), "edge_telemetry_samples_accepted_total");

    private async Task<ulong> SequenceAsync(string node) =>
        (await _fleet.NodesAsync()).SingleOrDefault(n => n.Name == node)?.Telemetry?.Sequence ?? 0;

    private async Task TelemetryOfAsync(string node, ulong atLeast) =>
        await Eventually.Until(() => SequenceAsync(node), s => s >= atLeast, Bound, $"{node}'s telemetry arrives");

    private async Task EnrollAsync(string node)
    {
        var (code, output) = await _fleet.EnrollWithTokenAsync(node, await _fleet.CreateTokenAsync());
        Assert.That(code, Is.Zero, output);
    }

    private async Task EnrollOnceAsync(string node)
    {
        if (!File.Exists(Path.Combine(_fleet.AgentDir(node), "identity", "node.crt")))
        {
            await EnrollAsync(node);
        }
    }

    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    private async Task EnsureRunningAsync(string node)
    {
        if (!_running.Contains(node))
        {
            await EnrollOnceAsync(node);
            _fleet.StartAgent(node);
            _running.Add(node);
        }

        await TelemetryOfAsync(node, 1);
    }
}
