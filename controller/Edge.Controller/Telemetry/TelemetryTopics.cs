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
}
