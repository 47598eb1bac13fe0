using Edge.Agent.Hosting;
using Edge.Shared;
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
        var user = o.MqttPasswordFile.Length > 0 ? (o.MqttUsername.Length > 0 ? o.MqttUsername : node)
            : o.MqttUsername.Length > 0 ? o.MqttUsername : null;
        var password = o.MqttPasswordFile.Length > 0 ? MqttTls.ReadPassword(o.MqttPasswordFile) : null;
        builder.WithBrokerSecurity(uri, o.MqttCaFile, user, password);
        return builder.Build();
    }
}
