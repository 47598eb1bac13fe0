using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Telemetry;

/// <summary>The broker address agents are told to publish to.</summary>
internal sealed class MqttEndpoint(IOptions<ControllerOptions> options)
{
    public string AdvertisedUri { get; } = Resolve(options.Value.Mqtt, options.Value.Telemetry, options.Value.Security.IsMtls);

    private static string Resolve(MqttOptions mqtt, TelemetryOptions telemetry, bool mtls)
    {
        if (!mqtt.Enabled)
        {
            // Without the embedded broker, agents publish to the external one unless told otherwise.
            return mqtt.AdvertisedUri.Length > 0 ? mqtt.AdvertisedUri : telemetry.ExternalBroker;
        }

        if (mqtt.AdvertisedUri.Length > 0)
        {
            return mqtt.AdvertisedUri;
        }

        var host = mqtt.BindAddress is "0.0.0.0" or "::" ? Environment.MachineName
            : mqtt.BindAddress.Contains(':', StringComparison.Ordinal) ? $"[{mqtt.BindAddress}]" : mqtt.BindAddress;
        // mtls: TLS with the node's certificate is all the embedded broker serves off loopback.
        return mtls ? $"mqtts://{host}:{mqtt.TlsPort}" : $"mqtt://{host}:{mqtt.Port}";
    }
}
