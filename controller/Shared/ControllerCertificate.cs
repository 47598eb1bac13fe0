using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Shared;

/// <summary>
/// Whether a TLS server is the fleet's controller: its certificate chains to the
/// fleet CA, carries the serverAuth extended key usage and names the host that was
/// dialled. Chaining alone is not enough: every node certificate chains to the
/// same CA, so a node could otherwise pose as the controller (RFC 5280 4.2.1.12, RFC 6125).
/// </summary>
internal static class ControllerCertificate
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>True when <paramref name="certificate"/> is a controller certificate for <paramref name="host"/>; otherwise why not.</summary>
    public static bool Verify(X509Certificate2 certificate, X509Certificate2 ca, string host, out string error)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!CaChain.Verify(certificate, ca, ignoreTime: false, out error))
        {
            return false;
        }

        if (!HasServerAuth(certificate))
        {
            error = $"certificate '{certificate.Subject}' is signed by the fleet CA but is not a controller certificate (no serverAuth extended key usage; a node's certificate cannot serve as the controller's)";
            return false;
        }

        var name = host.Trim('[', ']');
        bool matches;
        try
        {
            matches = certificate.MatchesHostname(name, allowWildcards: false, allowCommonName: false);
        }
        catch (ArgumentException)
        {
            matches = false;
        }

        if (!matches)
        {
            error = $"controller certificate '{certificate.Subject}' is not issued for '{name}' (it names {Names(certificate)}; add the name to Controller:Security:ServerNames on the controller)";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>
    /// A TLS validation callback for a client dialling <paramref name="host"/>: it throws with the reason
    /// instead of returning false, so the caller sees why rather than "rejected by the validation callback".
    /// </summary>
    public static bool ValidateOrThrow(object? presented, X509Certificate2 ca, string host)
    {
        if (presented is not X509Certificate remote)
        {
            throw new AuthenticationException($"TLS to {host}: the server presented no certificate");
        }

        using var certificate = X509CertificateLoader.LoadCertificate(remote.GetRawCertData());
        return Verify(certificate, ca, host, out var error) ? true : throw new AuthenticationException($"TLS to {host}: {error}");
    }

    public static bool HasServerAuth(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(eku => eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(oid => oid.Value == ServerAuthOid));

    private static string Names(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null)
        {
            return "no names";
        }

        var names = san.EnumerateDnsNames().Concat(san.EnumerateIPAddresses().Select(ip => ip.ToString())).ToList();
        return names.Count == 0 ? "no names" : string.Join(", ", names);
    }
}
