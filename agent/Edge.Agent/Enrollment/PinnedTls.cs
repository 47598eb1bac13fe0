using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Edge.Shared;

namespace Edge.Agent.Enrollment;

/// <summary>
/// TLS to the controller trusting the fleet CA alone (not the system store,
/// and not the host name: the CA is what the token pinned).
/// </summary>
internal static class PinnedTls
{
    /// <param name="ca">The CA to trust alone; null = the system's trust (an unenrolled node on https://).</param>
    /// <param name="clientCertificate">The node's certificate, asked for at each handshake; null = none.</param>
    public static SocketsHttpHandler Handler(X509Certificate2? ca, Func<X509Certificate2?>? clientCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = true,
        };
        if (ca is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && CaChain.Verify(new X509Certificate2(certificate), ca, ignoreTime: false, out _);
        }
        if (clientCertificate is not null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate()!;
        }

        return handler;
    }

    /// <summary>
    /// For fetching the CA: the server must present a chain holding a CA whose sha256
    /// is the token's pin, and its certificate must chain to that CA.
    /// </summary>
    public static SocketsHttpHandler PinnedByHash(string caHash)
    {
        var handler = Handler(ca: null, clientCertificate: null);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
        {
            if (certificate is null || chain is null)
            {
                return false;
            }

            var leaf = new X509Certificate2(certificate);
            return chain.ChainElements.Select(e => e.Certificate).Concat(chain.ChainPolicy.ExtraStore)
                .Where(c => string.Equals(EnrollmentToken.HashCa(c.RawData), caHash, StringComparison.Ordinal))
                .Any(ca => CaChain.Verify(leaf, ca, ignoreTime: false, out _));
        };
        return handler;
    }
}
