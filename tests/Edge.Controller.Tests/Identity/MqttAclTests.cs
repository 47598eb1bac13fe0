using Edge.Controller.Identity;

namespace Edge.Controller.Tests.Identity;

public sealed class MqttAclTests
{
    [TestCase("edge/v1/nodes/pi-01/telemetry")]
    [TestCase("edge/v1/nodes/pi-01/events/x")]
    [TestCase("factory/line-1/temperature")]
    public void PublishRefusal_OwnPrefixOrOtherTree_Allowed(string topic) =>
        Assert.That(MqttAcl.PublishRefusal("pi-01", topic), Is.Null);

    [TestCase("edge/v1/nodes/pi-02/telemetry")]
    [TestCase("edge/v1/nodes/pi-01x/telemetry")]
    [TestCase("edge/v1/nodes/pi-01")]
    [TestCase("edge/v1/nodes/")]
    public void PublishRefusal_AnotherNodesPrefix_Refused(string topic) =>
        Assert.That(MqttAcl.PublishRefusal("pi-01", topic), Does.Contain("may publish under edge/v1/nodes/pi-01/ only"));

    private static readonly IReadOnlySet<string> Triggers = new HashSet<string>(StringComparer.Ordinal) { "sensors/+/temp", "replies/pi-01" };

    [TestCase("sensors/+/temp")]
    [TestCase("replies/pi-01")]
    [TestCase("$share/g/sensors/+/temp")]
    public void SubscribeRefusal_OwnTriggerOrReplyTopic_Allowed(string filter) =>
        Assert.That(MqttAcl.SubscribeRefusal("pi-01", filter, Triggers), Is.Null);

    [TestCase("edge/v1/nodes/pi-02/telemetry")]
    [TestCase("edge/v1/nodes/+/telemetry")]
    [TestCase("edge/v1/nodes/node/#")]
    [TestCase("edge/v1/#")]
    [TestCase("edge/+/nodes/+/telemetry")]
    [TestCase("#")]
    [TestCase("+/+/+/+/+")]
    [TestCase("$share/g/edge/v1/nodes/+/telemetry")]
    public void SubscribeRefusal_ReachesOtherNodes_Refused(string filter) =>
        Assert.That(MqttAcl.SubscribeRefusal("pi-01", filter, new HashSet<string>([filter], StringComparer.Ordinal)), Does.Contain("reaches other nodes' topics"));

    [TestCase("sensors/#")]
    [TestCase("sensors/a/temp")]
    [TestCase("edge/v1/nodes/pi-01/telemetry")]
    public void SubscribeRefusal_NotATriggerTopicOfItsWorkloads_Refused(string filter) =>
        Assert.That(MqttAcl.SubscribeRefusal("pi-01", filter, Triggers), Does.Contain("only to the trigger and reply topics"));

    [TestCase("edge-agent-pi-01")]
    [TestCase("edge-agent-pi-01.triggers")]
    public void ClientIdRefusal_OwnIds_Allowed(string clientId) =>
        Assert.That(MqttAcl.ClientIdRefusal("pi-01", clientId), Is.Null);

    [TestCase("edge-agent-pi-02")]
    [TestCase("edge-agent-pi-01-triggers")]
    [TestCase("edge-agent-pi")]
    [TestCase("pi-01")]
    [TestCase("")]
    public void ClientIdRefusal_AnotherOrAmbiguousId_Refused(string clientId) =>
        Assert.That(MqttAcl.ClientIdRefusal("pi-01", clientId), Does.Contain("is not one of node pi-01's"));
}
