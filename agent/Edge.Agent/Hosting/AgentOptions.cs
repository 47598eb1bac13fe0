using System.ComponentModel.DataAnnotations;

namespace Edge.Agent.Hosting;

/// <summary>Settings under "Agent" (DataDir/agent.json, EDGE_Agent__X, command-line flags).</summary>
internal sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The node's name in the fleet; empty = the host name, lowercased.</summary>
    public string NodeName { get; set; } = "";

    /// <summary>The controller's gRPC address.</summary>
    [Required]
    public string Controller { get; set; } = "http://127.0.0.1:7400";

    [Required]
    public string DataDir { get; set; } = "/var/lib/edge-agent";

    /// <summary>Labels reported to the controller (placement selects on them).</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>The local status API (edge-agent status); loopback only by default.</summary>
    [Required]
    public string StatusListen { get; set; } = "http://127.0.0.1:7401";

    /// <summary>
    /// Where HTTP triggers (/w/{workload}) are served; empty = on StatusListen. Set it
    /// (e.g. http://0.0.0.0:8080) to expose workloads while the status API stays on loopback.
    /// </summary>
    public string TriggerListen { get; set; } = "";

    /// <summary>Largest HTTP trigger request body; a bigger one is refused with 413.</summary>
    [Range(0, 64 * 1024 * 1024, ErrorMessage = "Agent:TriggerMaxBodyBytes must be between 0 and 64 MiB")]
    public int TriggerMaxBodyBytes { get; set; } = 1024 * 1024;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Agent:HeartbeatPeriod must be between 100 ms and 1 h")]
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Agent:TelemetryPeriod must be between 100 ms and 1 h")]
    public TimeSpan TelemetryPeriod { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "Agent:ReconnectMinDelay must be between 10 ms and 10 min")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Agent:ReconnectMaxDelay must be between 10 ms and 1 h")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The MQTT broker, mqtt://host:port; empty = the one the controller advertises.</summary>
    public string MqttServer { get; set; } = "";

    /// <summary>The name of the resolved node.</summary>
    public string ResolvedNodeName => NodeName.Length > 0 ? NodeName : Environment.MachineName.ToLowerInvariant();
}
