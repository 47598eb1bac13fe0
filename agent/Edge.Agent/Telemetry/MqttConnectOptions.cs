using Edge.Agent.Enrollment;
using Edge.Agent.Hosting;
using Edge.Shared;
using MQTTnet;

namespace Edge.Agent.Telemetry;

/// <summary>
/// MQTT 5 connect options from the agent's settings. An enrolled node shows its
/// certificate to an mqtts:// broker (the controller's embedded broker knows the
/// node by it, as gRPC does) and trusts the fleet CA besides the system store;
/// its per-certificate password (identity/mqtt.password, replaced at renewal)
/// is sent unless Agent:MqttPasswordFile names another. Both are read at each
/// connect, so a renewed certificate is used from the next connection on.
/// </summary>
internal static class MqttConnectOptions
{
    /// <summary>Connect options for the connection <c>edge-agent-{node}</c>, or <c>edge-agent-{node}.{purpose}</c> when a purpose is given.</summary>
    public static MqttClientOptions Build(AgentOptions o, string broker, string purpose = "")
    {
        var uri = new Uri(broker);
        var node = o.ResolvedNodeName;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(uri.Host, uri.Port, System.Net.Sockets.AddressFamily.Unspecified)
            .WithClientId(purpose.Length > 0 ? $"edge-agent-{node}.{purpose}" : $"edge-agent-{node}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30));
        var files = new NodeIdentityFiles(o.DataDir);
        var passwordFile = o.MqttPasswordFile.Length > 0 ? o.MqttPasswordFile
            : File.Exists(files.MqttPasswordPath) ? files.MqttPasswordPath : "";
        var user = passwordFile.Length > 0 ? (o.MqttUsername.Length > 0 ? o.MqttUsername : node)
            : o.MqttUsername.Length > 0 ? o.MqttUsername : null;
        var password = passwordFile.Length > 0 ? MqttTls.ReadPassword(passwordFile) : null;
        var certificate = files.Enrolled && MqttTls.IsTls(uri) ? files.LoadCertificate() : null;
        builder.WithBrokerSecurity(uri, o.MqttCaFile, user, password, certificate, files.Enrolled ? files.CaPath : "");
        return builder.Build();
    }
}
