using Edge.Protos.V1;
using Grpc.Net.Client;

namespace Edge.Ctl.Client;

/// <summary>Creates the gRPC channel to the admin API: h2c for http://, TLS for https://.</summary>
internal static class AdminClientFactory
{
    // A fleet of thousands of nodes does not fit the 4 MB default receive limit.
    private const int MaxReceiveMessageBytes = 256 * 1024 * 1024;

    public static GrpcChannel CreateChannel(ControllerAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        // On .NET 5+ an http:// address speaks HTTP/2 with prior knowledge (h2c), no switch needed.
        return GrpcChannel.ForAddress(address.Uri, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
            MaxSendMessageSize = null,
        });
    }

    public static AdminService.AdminServiceClient CreateClient(GrpcChannel channel) => new(channel);
}
