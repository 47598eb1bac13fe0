using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Edge.IntegrationTests.Identity;

/// <summary>MQTT clients of the tests' own against a SecureFleet's embedded broker: over TLS with a node's certificate, or plain with a password.</summary>
internal static class NodeMqttClients
{
    /// <summary>TLS to the broker, trusting the fleet CA, showing <paramref name="certificate"/> when given.</summary>
    public static MqttClientOptions Tls(SecureFleet fleet, string clientId, X509Certificate2? certificate, string? user = null)
    {
        var ca = fleet.Ca;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", fleet.MqttTlsPort)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost("127.0.0.1").WithCertificateValidationHandler(e =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData()));
                });
                if (certificate is not null)
                {
                    tls.WithClientCertificates([certificate]);
                }
            });
        if (user is not null)
        {
            builder.WithCredentials(user, "");
        }

        return builder.Build();
    }

    /// <summary>Plain TCP to <paramref name="port"/> with a user name and password.</summary>
    public static MqttClientOptions Plain(int port, string clientId, string user, string password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithCredentials(user, password)
            .Build();

    /// <summary>What a connect attempt came to: "Success", the CONNACK's refusal, or the failure's message.</summary>
    public static async Task<string> TryConnectAsync(IMqttClient client, MqttClientOptions options)
    {
        try
        {
            var result = await client.ConnectAsync(options);
            return result.ResultCode.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ex.GetBaseException().Message + " " + ex.Message;
        }
    }
}
