using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Hosting;

/// <summary>Settings under "Controller:Telemetry": where telemetry comes from and how long series are kept.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>
    /// An external broker (mqtt://host:port or mqtts://) to ingest from through
    /// an MQTT 5 shared subscription; empty = only the embedded broker.
    /// </summary>
    public string ExternalBroker { get; set; } = "";

    /// <summary>The shared-subscription group: controller replicas in one group split the load.</summary>
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Controller:Telemetry:SharedGroup must be 1-64 letters, digits, '_', '.' or '-'")]
    public string SharedGroup { get; set; } = "edge-controllers";

    /// <summary>MQTT client id at the external broker; empty = edge-controller-{host}. Its session survives reconnects.</summary>
    public string ClientId { get; set; } = "";

    public string Username { get; set; } = "";

    public string PasswordFile { get; set; } = "";

    /// <summary>PEM CA certificate(s) for an mqtts:// broker; empty = the system trust store.</summary>
    public string CaFile { get; set; } = "";

    /// <summary>Every sample is kept this long.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Controller:Telemetry:RawRetention must be between 10 s and 1 day")]
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Width of a rollup bucket (average, minimum, maximum).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Controller:Telemetry:RollupInterval must be between 1 s and 1 h")]
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Controller:Telemetry:RollupRetention must be between 1 min and 30 days")]
    public TimeSpan RollupRetention { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Where Prometheus scrapes GET /metrics (HTTP/1.1); empty = not served.</summary>
    public string MetricsListen { get; set; } = "";
}
