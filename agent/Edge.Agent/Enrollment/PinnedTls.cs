using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Edge.Shared;

namespace Edge.Agent.Enrollment;

/// <summary>
/// TLS to the controller trusting the fleet CA alone (not the system store):
/// the server's certificate must chain to that CA, carry serverAuth and name
/// the host dialled, so a node's certificate from the same CA is refused.
/// </summary>
internal static class PinnedTls
{
    /// <param name="controller">The address dialled: its host must be among the names of the controller's certificate.</param>
    /// <param name="ca">The CA to trust alone; null = the system's trust (an unenrolled node on https://).</param>
    /// <param name="clientCertificate">The node's certificate, asked for at each handshake; null = none.</param>
    public static SocketsHttpHandler Handler(string controller, X509Certificate2? ca, Func<X509Certificate2?>? clientCertificate)
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
            var host = Uri.TryCreate(controller, UriKind.Absolute, out var uri) ? uri.Host : controller;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => ControllerCertificate.ValidateOrThrow(certificate, ca, host);
        }

        if (clientCertificate is not null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate()!;
        }

        return handler;
    }

    /// <summary>
    /// For fetching the CA only, as K3s does: any server certificate is accepted
    /// because the CA that comes back is checked against the token's pin before
    /// it is trusted, and nothing secret goes over this connection. (A TLS server
    /// never sends its self-signed root, so the pin cannot be checked in the handshake.)
    /// </summary>
    public static SocketsHttpHandler ForCaFetch()
    {
        var handler = Handler("", ca: null, clientCertificate: null);
#pragma warning disable CA5359 // see above: the CA fetched is verified by its pinned hash
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        return handler;
    }
}
