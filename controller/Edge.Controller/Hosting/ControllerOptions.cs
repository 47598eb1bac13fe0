using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Hosting;

/// <summary>Settings under "Controller" (appsettings.json, EDGE_Controller__X, --Controller:X=).</summary>
internal sealed class ControllerOptions
{
    public const string Section = "Controller";

    /// <summary>Where the gRPC API (agent and admin) listens, plain HTTP/2.</summary>
    [Required]
    public string Listen { get; set; } = "http://127.0.0.1:7400";

    /// <summary>Where the fleet store (LiteDB) lives.</summary>
    [Required]
    public string DataDir { get; set; } = "/var/lib/edge-controller";

    /// <summary>A node without a heartbeat for this long is Disconnected.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Controller:NodeGracePeriod must be between 1 s and 1 day")]
    public TimeSpan NodeGracePeriod { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>How often agents are asked to send a heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Controller:HeartbeatPeriod must be between 100 ms and 1 h")]
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often node leases are checked.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Controller:LeaseCheckPeriod must be between 50 ms and 1 min")]
    public TimeSpan LeaseCheckPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Concurrent streams per HTTP/2 connection (Kestrel's Limits.Http2.MaxStreamsPerConnection,
    /// default 100). Each agent holds one Connect stream on its own connection; a fleet
    /// simulator or an HTTP/2 proxy that carries many nodes on one connection needs more.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Controller:Http2MaxStreamsPerConnection must be between 1 and 1,000,000")]
    public int Http2MaxStreamsPerConnection { get; set; } = 100;

    public MqttOptions Mqtt { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    public NodeHealthOptions Health { get; set; } = new();
}
