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
}
