using Edge.Controller.Telemetry;

namespace Edge.Controller.Identity;

/// <summary>
/// The broker's ACL in mtls mode: the edge/v1/nodes/ tree is per node, so a
/// node may publish there only under its own name. Other topics (workload
/// MQTT triggers) stay open to every authenticated node.
/// </summary>
internal static class MqttAcl
{
    /// <summary>Null when the node may publish to the topic, else why not.</summary>
    public static string? PublishRefusal(string node, string topic)
    {
        if (!topic.StartsWith(TelemetryTopics.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var own = $"{TelemetryTopics.Prefix}{node}/";
        return topic.StartsWith(own, StringComparison.Ordinal)
            ? null
            : $"node {node} may publish under {own} only, not to {topic}";
    }
}
