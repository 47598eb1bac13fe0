using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Hosting;

/// <summary>Settings under "Controller:Mqtt": the embedded broker.</summary>
internal sealed class MqttOptions
{
    public const int DefaultMaxPacketBytes = 256 * 1024;

    public bool Enabled { get; set; } = true;

    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The plain-TCP listener's port: served in dev mode, and in mtls mode only on <see cref="PlainBindAddress"/>.</summary>
    [Range(0, 65535, ErrorMessage = "Controller:Mqtt:Port must be between 0 and 65535")]
    public int Port { get; set; } = 1883;

    /// <summary>The TLS listener's port (mtls mode): the controller's server certificate, node client certificates required.</summary>
    [Range(0, 65535, ErrorMessage = "Controller:Mqtt:TlsPort must be between 0 and 65535")]
    public int TlsPort { get; set; } = 8883;

    /// <summary>
    /// mtls mode only: a loopback address on which a plain listener is served as well (node user
    /// name and its per-certificate password); empty = none. Any other address is refused at start.
    /// </summary>
    public string PlainBindAddress { get; set; } = "";

    /// <summary>The broker address told to agents; empty = mqtt://{BindAddress}:{Port} (dev) or mqtts://{BindAddress}:{TlsPort} (mtls).</summary>
    public string AdvertisedUri { get; set; } = "";

    /// <summary>Largest MQTT packet accepted; a client sending a bigger one is disconnected before its body is read.</summary>
    [Range(1024, 268_435_455, ErrorMessage = "Controller:Mqtt:MaxPacketBytes must be between 1024 and 268435455")]
    public int MaxPacketBytes { get; set; } = DefaultMaxPacketBytes;

    /// <summary>Retained messages the broker keeps at most (telemetry topics never retain).</summary>
    [Range(0, 1_000_000, ErrorMessage = "Controller:Mqtt:MaxRetainedMessages must be between 0 and 1000000")]
    public int MaxRetainedMessages { get; set; } = 1000;

    /// <summary>Largest payload of a retained message.</summary>
    [Range(0, 268_435_455, ErrorMessage = "Controller:Mqtt:MaxRetainedMessageBytes must be between 0 and 268435455")]
    public int MaxRetainedMessageBytes { get; set; } = 16 * 1024;

    /// <summary>Publishes per second each client may send on average (a token bucket of <see cref="PublishBurst"/>).</summary>
    [Range(0.1, 1_000_000, ErrorMessage = "Controller:Mqtt:PublishRatePerSecond must be between 0.1 and 1000000")]
    public double PublishRatePerSecond { get; set; } = 200;

    /// <summary>Publishes a client may send at once above its rate (an agent draining its outbox after an outage).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Controller:Mqtt:PublishBurst must be between 1 and 1000000")]
    public int PublishBurst { get; set; } = 1000;

    /// <summary>Refusals are logged at most once per client per interval, with how many there were.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Controller:Mqtt:RefusalLogInterval must be between 1 s and 1 day")]
    public TimeSpan RefusalLogInterval { get; set; } = TimeSpan.FromSeconds(30);
}
