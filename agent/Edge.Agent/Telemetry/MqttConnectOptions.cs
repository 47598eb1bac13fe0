using System.Security.Cryptography.X509Certificates;
using Edge.Agent.Hosting;
using MQTTnet;

namespace Edge.Agent.Telemetry;

/// <summary>MQTT 5 connect options from the agent's settings: TLS for mqtts://, per-node credentials when a password file is set.</summary>
internal static class MqttConnectOptions
{
    public static MqttClientOptions Build(AgentOptions o, string broker)
    {
        var uri = new Uri(broker);
        var node = o.ResolvedNodeName;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(uri.Host, uri.Port, System.Net.Sockets.AddressFamily.Unspecified)
            .WithClientId($"edge-agent-{node}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30));
        if (o.MqttPasswordFile.Length > 0)
        {
            var password = File.ReadAllText(o.MqttPasswordFile).TrimEnd('\r', '\n');
            builder.WithCredentials(o.MqttUsername.Length > 0 ? o.MqttUsername : node, password);
        }
        else if (o.MqttUsername.Length > 0)
        {
            builder.WithCredentials(o.MqttUsername, (string?)null);
        }

        if (uri.Scheme is "mqtts" or "ssl")
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost(uri.Host);
                if (o.MqttCaFile.Length > 0)
                {
                    var chain = new X509Certificate2Collection();
                    chain.ImportFromPemFile(o.MqttCaFile);
                    tls.WithTrustChain(chain);
                }
            });
        }

        return builder.Build();
    }
}
