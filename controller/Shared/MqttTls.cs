using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Edge.Shared;

/// <summary>MQTT connect settings both services share: TLS for mqtts:// (with an optional PEM CA) and credentials.</summary>
internal static class MqttTls
{
    public static bool IsTls(Uri broker) => broker.Scheme is "mqtts" or "ssl";

    /// <summary>Adds TLS when <paramref name="broker"/> is mqtts:// (trusting <paramref name="caFile"/> when set), and credentials when given.</summary>
    public static MqttClientOptionsBuilder WithBrokerSecurity(this MqttClientOptionsBuilder builder, Uri broker, string caFile, string? username, string? password)
    {
        if (username is not null)
        {
            builder.WithCredentials(username, password);
        }

        if (IsTls(broker))
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost(broker.Host);
                if (caFile.Length > 0)
                {
                    var chain = new X509Certificate2Collection();
                    chain.ImportFromPemFile(caFile);
                    tls.WithTrustChain(chain);
                }
            });
        }

        return builder;
    }

    /// <summary>A password file's content without its trailing newline.</summary>
    public static string ReadPassword(string file) => File.ReadAllText(file).TrimEnd('\r', '\n');
}
