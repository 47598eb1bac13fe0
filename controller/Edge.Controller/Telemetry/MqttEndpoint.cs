using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Telemetry;

/// <summary>The broker address agents are told to publish to.</summary>
internal sealed class MqttEndpoint(IOptions<ControllerOptions> options)
{
    public string AdvertisedUri { get; } = Resolve(options.Value.Mqtt);

    private static string Resolve(MqttOptions mqtt)
    {
        if (!mqtt.Enabled)
        {
            return mqtt.AdvertisedUri;
        }

        if (mqtt.AdvertisedUri.Length > 0)
        {
            return mqtt.AdvertisedUri;
        }

        var host = mqtt.BindAddress is "0.0.0.0" or "::" ? Environment.MachineName
            : mqtt.BindAddress.Contains(':', StringComparison.Ordinal) ? $"[{mqtt.BindAddress}]" : mqtt.BindAddress;
        return $"mqtt://{host}:{mqtt.Port}";
    }
}
