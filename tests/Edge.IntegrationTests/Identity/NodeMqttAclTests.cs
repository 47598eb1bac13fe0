using System.Text;
using Edge.Protos.V1;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.IntegrationTests.Identity;

/// <summary>The embedded broker in mtls mode: per-node credentials, and a node publishes only under its own prefix.</summary>
[TestFixture]
public sealed class NodeMqttAclTests : SecureFleetFixture
{
    [Test]
    public async Task Publish_UnderAnotherNodesTopic_NotAuthorized_NotIngested()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("mq-a", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        var password = (await File.ReadAllTextAsync(Path.Combine(Fleet.AgentDir("mq-a"), "identity", "mqtt.password"))).Trim();
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Fleet.MqttPort)
            .WithClientId("mq-a-test").WithCredentials("mq-a", password).Build());

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
    public async Task Connect_WithWrongPassword_Refused()
    {
        using var client = new MqttClientFactory().CreateMqttClient();

        var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Fleet.MqttPort)
            .WithClientId("mq-forger").WithCredentials("mq-a", "guessed").Build()).ContinueWith(t => t, TaskScheduler.Default);

        Assert.That(result.Exception?.GetBaseException().Message ?? result.Result.ResultCode.ToString(), Does.Contain("BadUserNameOrPassword"));
    }

    [Test]
    public async Task EnrolledAgent_PublishesTelemetryWithItsCredentials()
    {
        Assert.That((await Fleet.EnrollWithTokenAsync("mq-c", await Fleet.CreateTokenAsync())).Code, Is.Zero);
        Fleet.StartAgent("mq-c");

        var nodes = await Eventually.Until(Fleet.NodesAsync, n => n.Any(x => x.Name == "mq-c" && x.Telemetry is not null),
            TimeSpan.FromSeconds(30), "mq-c telemetry arrives through the broker");

        Assert.That(nodes.Single(n => n.Name == "mq-c").Telemetry.Sequence, Is.GreaterThan(0UL));
    }
}
