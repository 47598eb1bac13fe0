using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Hosting;

/// <summary>Settings under "Controller:Mqtt": the embedded broker.</summary>
internal sealed class MqttOptions
{
    public bool Enabled { get; set; } = true;

    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    [Range(0, 65535, ErrorMessage = "Controller:Mqtt:Port must be between 0 and 65535")]
    public int Port { get; set; } = 1883;

    /// <summary>The broker address told to agents; empty = mqtt://{BindAddress}:{Port}.</summary>
    public string AdvertisedUri { get; set; } = "";
}
