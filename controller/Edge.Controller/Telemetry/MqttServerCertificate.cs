using System.Security.Cryptography.X509Certificates;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;

namespace Edge.Controller.Telemetry;

/// <summary>The embedded broker's TLS certificate: signed by the fleet CA at each start, for the names agents reach it by.</summary>
internal static class MqttServerCertificate
{
    public static X509Certificate2 Issue(FleetCa ca, ControllerOptions options, DateTimeOffset now)
    {
        var names = new List<string> { "localhost", "127.0.0.1", "::1", Environment.MachineName.ToLowerInvariant(), options.Mqtt.BindAddress };
        names.AddRange(options.Security.ServerNames.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (Uri.TryCreate(options.Mqtt.AdvertisedUri, UriKind.Absolute, out var advertised))
        {
            names.Add(advertised.Host.Trim('[', ']'));
        }

        return ca.IssueServer(names.Where(n => n is not ("0.0.0.0" or "::")), now);
    }
}
