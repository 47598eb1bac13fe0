using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.IntegrationTests;

/// <summary>
/// The embedded broker in dev mode with subscribers of the test's own: what one
/// client subscribes to never changes the PUBACK another node's telemetry gets.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class BrokerSubscriberTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(40);

    [Test]
    public async Task Subscriber_ToALiteralNodeTree_DoesNotStallOtherNodesTelemetry()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await Eventually.Until(() => fleet.NodeAsync("node-1"), n => n.Telemetry is not null, Bound, "node-1's telemetry arrives");
        using var stray = new MqttClientFactory().CreateMqttClient();
        await stray.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", fleet.MqttPort).WithClientId("stray").Build());
        await stray.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edge/v1/nodes/node/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        using var watcher = new MqttClientFactory().CreateMqttClient();
        var seen = 0;
        watcher.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref seen);
            return Task.CompletedTask;
        };
        await watcher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", fleet.MqttPort).WithClientId("watcher").Build());
        var failuresBefore = LocalFleet.Figure(await fleet.AgentMetricsAsync("node-1"), "edge_agent_telemetry_publish_failures_total");
        var before = (await fleet.NodeAsync("node-1")).Telemetry.Sequence;

        var after = await Eventually.Until(async () => (await fleet.NodeAsync("node-1")).Telemetry.Sequence, s => s >= before + 10, Bound, "node-1's telemetry keeps being ingested");
        await watcher.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("edge/v1/nodes/node-1/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await Eventually.Until(() => Volatile.Read(ref seen) >= 3, Bound, "a subscriber of node-1's topic still gets it routed");
        var failuresAfter = LocalFleet.Figure(await fleet.AgentMetricsAsync("node-1"), "edge_agent_telemetry_publish_failures_total");

        Assert.Multiple(() =>
        {
            Assert.That(after, Is.GreaterThanOrEqualTo(before + 10));
            Assert.That(failuresAfter, Is.EqualTo(failuresBefore), "no publish answered 'no matching subscribers'");
        });
    }
}
