using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Edge.Controller.Hosting;

/// <summary>What the embedded broker's settings must satisfy, each failure naming its key.</summary>
internal static class MqttOptionsChecks
{
    public static void Validate(ControllerOptions options, List<string> errors)
    {
        var mqtt = options.Mqtt;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(mqtt, new ValidationContext(mqtt), results, validateAllProperties: true);
        errors.AddRange(results.Select(r => r.ErrorMessage ?? "Controller:Mqtt is invalid").Where(e => !e.StartsWith("Controller:Mqtt:Port ", StringComparison.Ordinal)));
        if (mqtt.PlainBindAddress.Length == 0)
        {
            return;
        }

        if (!IPAddress.TryParse(mqtt.PlainBindAddress, out var plain) || !IPAddress.IsLoopback(plain))
        {
            errors.Add($"Controller:Mqtt:PlainBindAddress '{mqtt.PlainBindAddress}' is not a loopback address: plain MQTT is served off loopback only in dev mode");
        }
        else if (!options.Security.IsMtls)
        {
            errors.Add($"Controller:Mqtt:PlainBindAddress is for mtls mode; in dev mode the plain listener is on Controller:Mqtt:BindAddress");
        }
    }
}
