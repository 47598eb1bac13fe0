using Edge.Controller.Telemetry;

namespace Edge.Controller.Identity;

/// <summary>
/// The broker's ACL in mtls mode. The edge/v1/nodes/ tree is per node: a node
/// publishes there only under its own name and reads none of it. A node
/// subscribes only to the trigger and reply topics of the workloads placed on
/// it (or held cold there), and its client ids are its own
/// (<c>edge-agent-{node}</c>, <c>edge-agent-{node}.{suffix}</c>), so it cannot
/// take over another node's session.
/// </summary>
internal static class MqttAcl
{
    public const string ClientIdPrefix = "edge-agent-";

    /// <summary>Null when the node may publish to the topic, else why not.</summary>
    public static string? PublishRefusal(string node, string topic)
    {
        if (!topic.StartsWith(TelemetryTopics.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        // Compared in place: this runs for every publish.
        var rest = topic.AsSpan(TelemetryTopics.Prefix.Length);
        return rest.Length > node.Length && rest.StartsWith(node, StringComparison.Ordinal) && rest[node.Length] == '/'
            ? null
            : $"node {node} may publish under {TelemetryTopics.Prefix}{node}/ only, not to {topic}";
    }

    /// <summary>Null when the node may subscribe to the filter, else why not.</summary>
    /// <param name="node">The authenticated node.</param>
    /// <param name="filter">The filter as sent (a $share/{group}/ prefix is looked through).</param>
    /// <param name="allowed">The trigger and reply topics of the workloads placed on or held cold by the node.</param>
    public static string? SubscribeRefusal(string node, string filter, IReadOnlySet<string> allowed)
    {
        var plain = TelemetryTopics.WithoutShare(filter);
        if (ReachesOtherNodes(node, plain))
        {
            return $"node {node} may not subscribe to {filter}: it reaches other nodes' topics under {TelemetryTopics.Prefix}";
        }

        return allowed.Contains(plain)
            ? null
            : $"node {node} may subscribe only to the trigger and reply topics of workloads placed on it; {filter} is not one";
    }

    /// <summary>Null when the node may use the client id, else why not.</summary>
    public static string? ClientIdRefusal(string node, string clientId)
    {
        var own = ClientIdPrefix + node;
        return clientId == own || (clientId.StartsWith(own, StringComparison.Ordinal) && clientId[own.Length] == '.')
            ? null
            : $"client id '{clientId}' is not one of node {node}'s ({own} or {own}.<suffix>)";
    }

    /// <summary>Whether the filter matches any topic edge/v1/nodes/{other}/… of a node other than <paramref name="node"/>.</summary>
    private static bool ReachesOtherNodes(string node, string filter)
    {
        string[] tree = ["edge", "v1", "nodes"];
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level == "#")
            {
                return true;
            }

            if (i < tree.Length)
            {
                if (level != "+" && level != tree[i])
                {
                    return false;
                }

                continue;
            }

            // Level 3 names the node: a wildcard or another name reaches other nodes (their topics have more levels).
            return i < levels.Length - 1 && (level == "+" || level != node);
        }

        return false;
    }
}
