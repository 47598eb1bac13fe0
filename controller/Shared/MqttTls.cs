using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Edge.Shared;

/// <summary>MQTT connect settings both services share: TLS for mqtts:// (with an optional PEM CA) and credentials.</summary>
internal static class MqttTls
{
    public static bool IsTls(Uri broker) => broker.Scheme is "mqtts" or "ssl";

    /// <summary>
    /// Adds TLS when <paramref name="broker"/> is mqtts:// (trusting <paramref name="caFile"/> alone when set; else the
    /// system store and, when given, <paramref name="fleetCaFile"/>), the client certificate when given, and credentials when given.
    /// </summary>
    public static MqttClientOptionsBuilder WithBrokerSecurity(this MqttClientOptionsBuilder builder, Uri broker, string caFile, string? username, string? password,
        X509Certificate2? clientCertificate = null, string fleetCaFile = "")
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
                if (clientCertificate is not null)
                {
                    tls.WithClientCertificates([clientCertificate]);
                }

                if (caFile.Length > 0)
                {
                    var ca = new X509Certificate2Collection();
                    ca.ImportFromPemFile(caFile);
                    tls.WithCertificateValidationHandler(e => Trusted(e.Certificate, e.SslPolicyErrors, ca, caFile, broker));
                }
                else if (fleetCaFile.Length > 0)
                {
                    // The controller's embedded broker shows a certificate of the fleet CA; an external broker may show a public one.
                    var ca = new X509Certificate2Collection();
                    ca.ImportFromPemFile(fleetCaFile);
                    tls.WithCertificateValidationHandler(e => e.SslPolicyErrors == System.Net.Security.SslPolicyErrors.None || Trusted(e.Certificate, e.SslPolicyErrors, ca, fleetCaFile, broker));
                }
            });
        }

        return builder;
    }

    /// <summary>
    /// Checks the broker's certificate against the CA file alone; a refusal
    /// says why, naming the certificate, the file and the chain's status,
    /// rather than the TLS stack's "rejected by the validation callback".
    /// </summary>
    private static bool Trusted(X509Certificate? presented, System.Net.Security.SslPolicyErrors errors, X509Certificate2Collection ca, string caFile, Uri broker)
    {
        if (presented is null)
        {
            throw new System.Security.Authentication.AuthenticationException($"TLS to {broker.Host}:{broker.Port}: the broker presented no certificate");
        }

        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        if (errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            throw new System.Security.Authentication.AuthenticationException(
                $"TLS to {broker.Host}:{broker.Port}: the broker's certificate ({certificate.Subject}) is not issued for '{broker.Host}'");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(certificate))
        {
            var status = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            throw new System.Security.Authentication.AuthenticationException(
                $"TLS to {broker.Host}:{broker.Port}: the broker's certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not trusted by the CA in {caFile}: {status}");
        }

        return true;
    }

    /// <summary>A password file's content without its trailing newline.</summary>
    public static string ReadPassword(string file) => File.ReadAllText(file).TrimEnd('\r', '\n');
}
