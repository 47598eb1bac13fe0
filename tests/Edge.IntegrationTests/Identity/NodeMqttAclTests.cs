using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.IntegrationTests.Identity;

/// <summary>The embedded broker in mtls mode: MQTT over TLS with the node's certificate, no plain listener, and a node publishes only under its own prefix.</summary>
[TestFixture]
public sealed class NodeMqttAclTests : SecureFleetFixture
{
    [Test]
    public async Task Publish_UnderAnotherNodesTopic_NotAuthorized_NotIngested()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("mq-a", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        using var certificate = Fleet.NodeCertificate("mq-a");
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(NodeMqttClients.Tls(Fleet, "edge-agent-mq-a.test", certificate));

        var foreign = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("edge/v1/nodes/mq-b/telemetry").WithPayload(Encoding.UTF8.GetBytes("{}"))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var own = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("edge/v1/nodes/mq-a/events").WithPayload(Encoding.UTF8.GetBytes("{}"))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var nodes = await Fleet.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(foreign.ReasonCode, Is.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(foreign.ReasonString, Does.Contain("node mq-a may publish under edge/v1/nodes/mq-a/ only"));
            Assert.That(own.ReasonCode, Is.Not.EqualTo(MqttClientPublishReasonCode.NotAuthorized));
            Assert.That(nodes.Select(n => n.Name), Does.Not.Contain("mq-b"));
        });
    }

    [Test]
    public async Task Connect_PlainTcpOrWithoutACertificate_Refused()
    {
        using var plain = new MqttClientFactory().CreateMqttClient();
        using var plainToTls = new MqttClientFactory().CreateMqttClient();
        using var anonymous = new MqttClientFactory().CreateMqttClient();
        var metricsBefore = await Fleet.MetricsAsync();

        var onPlainPort = await NodeMqttClients.TryConnectAsync(plain, NodeMqttClients.Plain(Fleet.MqttPort, "edge-agent-x", "x", "guessed"));
        var plainOnTlsPort = await NodeMqttClients.TryConnectAsync(plainToTls, NodeMqttClients.Plain(Fleet.MqttTlsPort, "edge-agent-x", "x", "guessed"));
        var tlsWithoutCertificate = await NodeMqttClients.TryConnectAsync(anonymous, NodeMqttClients.Tls(Fleet, "edge-agent-x", null));
        var handshakes = await Eventually.Until(async () => LocalFleet.Figure(await Fleet.MetricsAsync(), "edge_mqtt_refused_total{reason=\"tls_handshake\"}"),
            n => n >= LocalFleet.Figure(metricsBefore, "edge_mqtt_refused_total{reason=\"tls_handshake\"}") + 2, TimeSpan.FromSeconds(20), "both TLS refusals counted");

        Assert.Multiple(() =>
        {
            Assert.That(onPlainPort, Does.Not.StartWith("Success"), "no plain listener in mtls mode");
            Assert.That(plainOnTlsPort, Does.Not.StartWith("Success"));
            Assert.That(tlsWithoutCertificate, Does.Not.StartWith("Success"));
            Assert.That(plain.IsConnected || plainToTls.IsConnected || anonymous.IsConnected, Is.False);
            Assert.That(handshakes, Is.GreaterThanOrEqualTo(2));
        });
    }

    [Test]
    public async Task EnrolledAgent_PublishesTelemetryWithItsCertificate()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("mq-c", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        Fleet.StartAgent("mq-c");

        var nodes = await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == "mq-c" && x.Telemetry is not null),
            TimeSpan.FromSeconds(30), "mq-c telemetry arrives through the broker");

        Assert.That(nodes.Single(n => n.Name == "mq-c").Telemetry.Sequence, Is.GreaterThan(0UL));
    }
}
