using System.Net;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Hosting;

/// <summary>Checks what attributes cannot, each failure naming its key.</summary>
internal sealed class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, ControllerOptions options)
    {
        var errors = new List<string>();
        var scheme = options.Security.IsMtls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out var listen) || listen.Scheme != scheme || listen.Port <= 0)
        {
            errors.Add($"Controller:Listen '{options.Listen}' is not an {scheme}://host:port address{(options.Security.IsMtls ? " (Controller:Security:Mode is mtls)" : "")}");
        }

        if (options.Security.Mode is not (SecurityOptions.Dev or SecurityOptions.Mtls))
        {
            errors.Add($"Controller:Security:Mode '{options.Security.Mode}' is not dev or mtls");
        }

        if (options.HeartbeatPeriod >= options.NodeGracePeriod)
        {
            errors.Add($"Controller:HeartbeatPeriod ({options.HeartbeatPeriod}) must be shorter than Controller:NodeGracePeriod ({options.NodeGracePeriod})");
        }

        if (options.Mqtt.Port is < 0 or > 65535)
        {
            errors.Add($"Controller:Mqtt:Port {options.Mqtt.Port} must be between 0 and 65535");
        }

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add("Controller:DataDir must be set");
        }

        if (options.Mqtt.Enabled && !IPAddress.TryParse(options.Mqtt.BindAddress, out _))
        {
            errors.Add($"Controller:Mqtt:BindAddress '{options.Mqtt.BindAddress}' is not an IP address");
        }

        if (options.Mqtt.AdvertisedUri.Length > 0 && !Uri.TryCreate(options.Mqtt.AdvertisedUri, UriKind.Absolute, out _))
        {
            errors.Add($"Controller:Mqtt:AdvertisedUri '{options.Mqtt.AdvertisedUri}' is not an absolute URI");
        }

        MqttOptionsChecks.Validate(options, errors);
        ValidateTelemetry(options.Telemetry, errors);
        var securityResults = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options.Security, new System.ComponentModel.DataAnnotations.ValidationContext(options.Security), securityResults, validateAllProperties: true);
        errors.AddRange(securityResults.Select(r => r.ErrorMessage ?? "Controller:Security is invalid"));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateTelemetry(TelemetryOptions t, List<string> errors)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(t, new System.ComponentModel.DataAnnotations.ValidationContext(t), results, validateAllProperties: true);
        errors.AddRange(results.Select(r => r.ErrorMessage ?? "Controller:Telemetry is invalid"));
        if (t.ExternalBroker.Length > 0
            && !(Uri.TryCreate(t.ExternalBroker, UriKind.Absolute, out var broker) && broker.Scheme is "mqtt" or "tcp" or "mqtts" or "ssl" && broker.Port > 0))
        {
            errors.Add($"Controller:Telemetry:ExternalBroker '{t.ExternalBroker}' is not an mqtt://host:port or mqtts://host:port address");
        }

        if (t.MetricsListen.Length > 0
            && !(Uri.TryCreate(t.MetricsListen, UriKind.Absolute, out var metrics) && metrics.Scheme == "http" && metrics.Port > 0))
        {
            errors.Add($"Controller:Telemetry:MetricsListen '{t.MetricsListen}' is not an http://host:port address");
        }

        foreach (var (key, file) in new[] { ("PasswordFile", t.PasswordFile), ("CaFile", t.CaFile) })
        {
            if (file.Length > 0 && !File.Exists(file))
            {
                errors.Add($"Controller:Telemetry:{key} '{file}' does not exist");
            }
        }

        if (t.RollupRetention < t.RollupInterval)
        {
            errors.Add($"Controller:Telemetry:RollupRetention ({t.RollupRetention}) is shorter than Controller:Telemetry:RollupInterval ({t.RollupInterval})");
        }
    }
}
