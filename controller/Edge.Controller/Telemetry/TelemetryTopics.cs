namespace Edge.Controller.Telemetry;

/// <summary>The MQTT topic layout (docs/telemetry.md).</summary>
internal static class TelemetryTopics
{
    public const string Prefix = "edge/v1/nodes/";
    public const string TelemetrySuffix = "/telemetry";

    /// <summary>The node named by "edge/v1/nodes/{node}/telemetry", or null for any other topic.</summary>
    public static string? NodeOfTelemetry(string topic)
    {
        if (topic.Length <= Prefix.Length + TelemetrySuffix.Length
            || !topic.StartsWith(Prefix, StringComparison.Ordinal)
            || !topic.EndsWith(TelemetrySuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var node = topic[Prefix.Length..^TelemetrySuffix.Length];
        return node.Length == 0 || node.Contains('/', StringComparison.Ordinal) ? null : node;
    }

    /// <summary>Whether the topic is some node's telemetry topic (as <see cref="NodeOfTelemetry"/> is not null), without allocating.</summary>
    public static bool IsTelemetry(string topic)
    {
        if (topic.Length <= Prefix.Length + TelemetrySuffix.Length
            || !topic.StartsWith(Prefix, StringComparison.Ordinal)
            || !topic.EndsWith(TelemetrySuffix, StringComparison.Ordinal))
        {
            return false;
        }

        return !topic.AsSpan(Prefix.Length, topic.Length - Prefix.Length - TelemetrySuffix.Length).Contains('/');
    }

    /// <summary>A filter without its $share/{group}/ prefix.</summary>
    public static string WithoutShare(string filter)
    {
        if (!filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            return filter;
        }

        var rest = filter.IndexOf('/', "$share/".Length);
        return rest < 0 ? "" : filter[(rest + 1)..];
    }

    /// <summary>Whether a subscription (plain or $share/group/…) may receive some node's telemetry topic.</summary>
    public static bool MayMatchTelemetry(string filter)
    {
        string[] shape = ["edge", "v1", "nodes", "", "telemetry"];
        var levels = WithoutShare(filter).Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] == "#")
            {
                return true;
            }

            if (i >= shape.Length || (levels[i] != "+" && i != 3 && levels[i] != shape[i]))
            {
                return false;
            }
        }

        return levels.Length == shape.Length;
    }
}
