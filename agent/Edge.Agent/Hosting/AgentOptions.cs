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

    /// <summary>User name for the broker; empty with a password = the node name (per-node credentials).</summary>
    public string MqttUsername { get; set; } = "";

    /// <summary>A file holding the broker password (kept out of agent.json and the environment).</summary>
    public string MqttPasswordFile { get; set; } = "";

    /// <summary>PEM CA certificate(s) that sign the broker's certificate, for mqtts://; empty = the system trust store.</summary>
    public string MqttCaFile { get; set; } = "";

    [Range(10, 10_000_000, ErrorMessage = "Agent:OutboxMaxSamples must be between 10 and 10,000,000")]
    public int OutboxMaxSamples { get; set; } = 100_000;

    [Range(typeof(long), "65536", "17179869184", ErrorMessage = "Agent:OutboxMaxBytes must be between 64 KiB and 16 GiB")]
    public long OutboxMaxBytes { get; set; } = 32L * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Agent:OutboxMaxAge must be between 1 min and 30 days")]
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromHours(24);

    [Range(1, 1000, ErrorMessage = "Agent:TelemetryBatchMax must be between 1 and 1000")]
    public int TelemetryBatchMax { get; set; } = 100;

    /// <summary>The name of the resolved node.</summary>
    public string ResolvedNodeName => NodeName.Length > 0 ? NodeName : Environment.MachineName.ToLowerInvariant();
}
