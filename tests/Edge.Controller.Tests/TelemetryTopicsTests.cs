using Edge.Controller.Telemetry;

namespace Edge.Controller.Tests;

public sealed class TelemetryTopicsTests
{
    [Test]
    public void NodeOfTelemetry_NodeTopic_NodeName()
    {
        Assert.That(TelemetryTopics.NodeOfTelemetry("edge/v1/nodes/pi-01/telemetry"), Is.EqualTo("pi-01"));
    }

    [TestCase("edge/v1/nodes//telemetry", TestName = "NodeOfTelemetry_EmptyNode_Null")]
    [TestCase("edge/v1/nodes/a/b/telemetry", TestName = "NodeOfTelemetry_NodeWithSlash_Null")]
    [TestCase("edge/v1/nodes/pi-01/status", TestName = "NodeOfTelemetry_OtherSuffix_Null")]
    [TestCase("edge/v1/nodes/pi-01/telemetry/", TestName = "NodeOfTelemetry_TrailingSlash_Null")]
    [TestCase("edge/v1/nodes/pi-01/telemetry/x", TestName = "NodeOfTelemetry_LongerTopic_Null")]
    [TestCase("edge/v2/nodes/pi-01/telemetry", TestName = "NodeOfTelemetry_OtherVersion_Null")]
    [TestCase("Edge/v1/nodes/pi-01/telemetry", TestName = "NodeOfTelemetry_PrefixCaseDiffers_Null")]
    [TestCase("/edge/v1/nodes/pi-01/telemetry", TestName = "NodeOfTelemetry_LeadingSlash_Null")]
    [TestCase("edge/v1/nodes/pi-01/TELEMETRY", TestName = "NodeOfTelemetry_SuffixCaseDiffers_Null")]
    [TestCase("", TestName = "NodeOfTelemetry_Empty_Null")]
    [TestCase("edge/v1/nodes/", TestName = "NodeOfTelemetry_PrefixOnly_Null")]
    public void NodeOfTelemetry_NotATelemetryTopic_Null(string topic)
    {
        Assert.That(TelemetryTopics.NodeOfTelemetry(topic), Is.Null);
    }

    [Test]
    public void NodeOfTelemetry_WildcardCharactersInNode_ReturnedAsIs()
    {
        // Topics arrive from publishes, where wildcards cannot occur; the name is checked against the batch.
        Assert.That(TelemetryTopics.NodeOfTelemetry("edge/v1/nodes/+/telemetry"), Is.EqualTo("+"));
    }

    [TestCase("edge/v1/nodes/telemetry")]
    [TestCase("edge/v1/nodes//telemetry")]
    public void NodeOfTelemetry_PrefixAndSuffixOverlap_Null(string topic) =>
        Assert.That(TelemetryTopics.NodeOfTelemetry(topic), Is.Null);
}
