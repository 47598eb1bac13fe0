using System.Security.Cryptography.X509Certificates;
using Edge.Protos.V1;
using Edge.Shared;
using Grpc.Net.Client;

namespace Edge.Ctl.Client;

/// <summary>Creates the gRPC channel to the admin API: h2c for http://, TLS for https:// (trusting only the context's CA when it names one, and only a controller certificate for the host dialled).</summary>
internal static class AdminClientFactory
{
    // A fleet of thousands of nodes does not fit the 4 MB default receive limit.
    private const int MaxReceiveMessageBytes = 256 * 1024 * 1024;

    public static GrpcChannel CreateChannel(ControllerAddress address, X509Certificate2? ca = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (ca is not null)
        {
            // The fleet CA signs node certificates too: only a serverAuth certificate naming the host dialled is the controller.
            var host = address.Uri.Host;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => ControllerCertificate.ValidateOrThrow(certificate, ca, host);
        }

        // On .NET 5+ an http:// address speaks HTTP/2 with prior knowledge (h2c), no switch needed.
        return GrpcChannel.ForAddress(address.Uri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
            MaxSendMessageSize = null,
        });
    }

    public static AdminService.AdminServiceClient CreateClient(GrpcChannel channel) => new(channel);
}
