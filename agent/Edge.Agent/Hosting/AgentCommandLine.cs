using System.CommandLine;

namespace Edge.Agent.Hosting;

/// <summary>The options `run` and `enroll` share, each mapped to its configuration key.</summary>
internal sealed class AgentCommandLine
{
    public Option<string> Controller { get; } = new("--controller") { Description = "controller gRPC address (Agent:Controller)" };

    public Option<string> DataDir { get; } = new("--data-dir") { Description = "state directory (Agent:DataDir, default /var/lib/edge-agent)" };

    public Option<string> NodeName { get; } = new("--node-name") { Description = "node name (Agent:NodeName, default the host name)" };

    public Option<string> Labels { get; } = new("--labels") { Description = "node labels k=v,k2=v2 (Agent:Labels)" };

    public Option<string> StatusListen { get; } = new("--status-listen") { Description = "local status API address (Agent:StatusListen, default http://127.0.0.1:7401)" };

    public Option<string> Mqtt { get; } = new("--mqtt") { Description = "MQTT broker mqtt://host:port (Agent:MqttServer, default: as the controller says)" };

    public Option<string> Heartbeat { get; } = new("--heartbeat") { Description = "heartbeat period, e.g. 00:00:10 (Agent:HeartbeatPeriod)" };

    public Option<string> TelemetryPeriod { get; } = new("--telemetry-period") { Description = "telemetry period, e.g. 00:00:10 (Agent:TelemetryPeriod)" };

    public Option<string> Config { get; } = new("--config") { Description = "settings file (JSON, default /etc/edge-agent/agent.json)" };

    public Option<string> LogFormat { get; } = new("--log-format") { Description = "text or json (default json under systemd)" };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "any setting as Agent:Key=value, e.g. Agent:ReconnectMaxDelay=00:00:05 (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public IEnumerable<Option> All =>
        [Controller, DataDir, NodeName, Labels, StatusListen, Mqtt, Heartbeat, TelemetryPeriod, Config, LogFormat, Set];

    /// <summary>The configuration keys the given options set; an error names a malformed --labels.</summary>
    public (Dictionary<string, string?> Settings, string? Error) ToSettings(ParseResult result)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Map(Option<string> option, string key)
        {
            if (result.GetValue(option) is { } value)
            {
                settings[key] = value;
            }
        }

        Map(Controller, "Agent:Controller");
        Map(DataDir, "Agent:DataDir");
        Map(NodeName, "Agent:NodeName");
        Map(StatusListen, "Agent:StatusListen");
        Map(Mqtt, "Agent:MqttServer");
        Map(Heartbeat, "Agent:HeartbeatPeriod");
        Map(TelemetryPeriod, "Agent:TelemetryPeriod");
        Map(LogFormat, "Logging:Format");
        foreach (var assignment in result.GetValue(Set) ?? [])
        {
            var parts = assignment.Split('=', 2);
            if (parts.Length != 2 || !parts[0].StartsWith("Agent:", StringComparison.OrdinalIgnoreCase) || parts[0].Length <= "Agent:".Length)
            {
                return (settings, $"--set: '{assignment}' is not Agent:Key=value");
            }

            settings[parts[0]] = parts[1];
        }

        if (result.GetValue(Labels) is { Length: > 0 } labels)
        {
            foreach (var pair in labels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2 || parts[0].Length == 0)
                {
                    return (settings, $"--labels: '{pair}' is not key=value");
                }

                settings[$"Agent:Labels:{parts[0]}"] = parts[1];
            }
        }

        return (settings, null);
    }
}
