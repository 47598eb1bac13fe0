using System.Security.Cryptography.X509Certificates;
using Edge.Protos.V1;
using Edge.Shared;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Edge.Agent.Enrollment;

/// <summary>
/// The agent's side of enrollment, K3s style: fetch the CA over an unverified
/// connection, check it against the token's pin, then talk only over TLS that
/// chains to that CA. Nothing secret is sent before the pin matches.
/// </summary>
internal static class EnrollmentClient
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public static async Task<X509Certificate2> FetchPinnedCaAsync(string controller, string caHash, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(controller, new GrpcChannelOptions { HttpHandler = PinnedTls.ForCaFetch() });
        var response = await new EnrollmentService.EnrollmentServiceClient(channel)
            .GetCaAsync(new GetCaRequest(), deadline: Deadline(), cancellationToken: ct);
        var ca = X509Certificate2.CreateFromPem(response.CaPem);
        var actual = EnrollmentToken.HashCa(ca.RawData);
        if (!string.Equals(actual, caHash, StringComparison.Ordinal))
        {
            ca.Dispose();
            throw new InvalidDataException($"the controller at {controller} has CA sha256:{actual}, but the token pins sha256:{caHash}: wrong controller, or the connection is intercepted; nothing was sent");
        }

        return ca;
    }

    public static async Task<NodeCredentials> EnrollAsync(string controller, X509Certificate2 ca, string token, byte[] csr, CancellationToken ct)
    {
        using var channel = Channel(controller, ca, client: null);
        return await new EnrollmentService.EnrollmentServiceClient(channel)
            .EnrollAsync(new EnrollRequest { Token = token, CsrDer = ByteString.CopyFrom(csr) }, deadline: Deadline(), cancellationToken: ct);
    }

    public static async Task<NodeCredentials> RenewAsync(string controller, X509Certificate2 ca, X509Certificate2 current, byte[] csr, CancellationToken ct)
    {
        using var channel = Channel(controller, ca, current);
        return await new EnrollmentService.EnrollmentServiceClient(channel)
            .RenewAsync(new RenewRequest { CsrDer = ByteString.CopyFrom(csr) }, deadline: Deadline(), cancellationToken: ct);
    }

    /// <summary>One line for an RPC failure: the controller's own message when it gave one.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        RpcException { StatusCode: StatusCode.Unavailable } rpc => $"controller unreachable: {rpc.Status.DebugException?.GetBaseException().Message ?? rpc.Status.Detail}",
        RpcException rpc => $"{rpc.Status.Detail} ({rpc.StatusCode})",
        _ => ex.GetBaseException().Message,
    };

    private static GrpcChannel Channel(string controller, X509Certificate2 ca, X509Certificate2? client) =>
        GrpcChannel.ForAddress(controller, new GrpcChannelOptions
        {
            HttpHandler = PinnedTls.Handler(controller, ca, client is null ? null : () => client),
        });

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;
}
