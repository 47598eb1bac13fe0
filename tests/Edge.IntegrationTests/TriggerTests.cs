using System.Net;
using System.Text;
using Edge.Protos.V1;
using MQTTnet;
using MQTTnet.Protocol;

namespace Edge.IntegrationTests;

/// <summary>Triggers as a user meets them: edgectl applies a sample through the real controller, the real agent serves it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.None)]
public sealed class TriggerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Test]
    public async Task HttpTrigger_EchoAppliedWithEdgectl_AnswersOnTheTriggerPortOnly()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        var triggerPort = Ports.Free();
        fleet.StartAgent("node-1", null, "--set", $"Agent:TriggerListen=http://127.0.0.1:{triggerPort}");
        await fleet.ApplyEchoAsync("node-1", Bound);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        using var answer = await http.PostAsync($"http://127.0.0.1:{triggerPort}/w/echo", new StringContent("hello edge"));
        using var unknown = await http.GetAsync($"http://127.0.0.1:{triggerPort}/w/nope");
        using var onStatusPort = await http.GetAsync($"{fleet.AgentStatusUrl("node-1")}/w/echo");
        var echo = (await fleet.AgentStatusAsync("node-1")).GetProperty("workloads").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "echo");

        Assert.Multiple(async () =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await answer.Content.ReadAsStringAsync(), Is.EqualTo("hello edge"));
            Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(answer.Headers.GetValues("X-Edge-Outcome"), Is.EqualTo(new[] { "ok" }));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await unknown.Content.ReadAsStringAsync(), Is.EqualTo("no running workload named 'nope' on this node\n"));
            Assert.That(onStatusPort.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await onStatusPort.Content.ReadAsStringAsync(), Is.EqualTo($"HTTP triggers are served on http://127.0.0.1:{triggerPort}\n"));
            Assert.That(echo.GetProperty("invocations").GetInt64(), Is.EqualTo(1));
            Assert.That(echo.GetProperty("failures").GetInt64(), Is.Zero);
            Assert.That(fleet.Agent("node-1").OutputContains("echo log: echoing the request body"), Is.True, "edge.log reaches the agent's log");
        });
    }

    [Test]
    public async Task MqttTrigger_EchoAppliedWithEdgectl_RepliesOnTheReplyTopic()
    {
        using var fleet = new LocalFleet();
        await fleet.StartControllerAsync();
        fleet.StartAgent("node-1");
        await fleet.ApplyEchoAsync("node-1", Bound);

        using var client = new MqttClientFactory().CreateMqttClient();
        var replies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            replies.Enqueue(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", fleet.MqttPort).WithClientId("trigger-test").Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic("edge/samples/echo/out").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)).Build());

        // The agent subscribes shortly after the workload runs: publish until a reply comes.
        var reply = await Eventually.Until(async () =>
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("edge/samples/echo/in").WithPayload("ping over mqtt")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return replies.TryPeek(out var r) ? r : null;
        }, r => r is not null, Bound, "a reply on edge/samples/echo/out");

        Assert.That(reply, Is.EqualTo("ping over mqtt"));
    }
}
