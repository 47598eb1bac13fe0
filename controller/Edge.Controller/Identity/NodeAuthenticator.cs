using Grpc.Core;

namespace Edge.Controller.Identity;

/// <summary>
/// In mtls mode, the node behind an agent call is the subject of its client
/// certificate: it may speak only for itself. In dev mode it admits everyone.
/// </summary>
internal sealed class NodeAuthenticator(IdentityAccess access, TimeProvider time)
{
    /// <param name="context">The call.</param>
    /// <param name="claimedName">The name the agent claims (hello), or null for calls that name no node.</param>
    /// <returns>The guard for the stream, or null in dev mode.</returns>
    public NodeGuard? Admit(ServerCallContext context, string? claimedName)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!access.Enabled)
        {
            return null;
        }

        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "this controller requires the node's client certificate (mtls mode): enroll the node first with edge-agent enroll --token …"));
        var identity = access.Identity;
        var node = IdentityErrors.Guard(() => identity.Authenticate(certificate, time.GetUtcNow(), allowExpired: false));
        if (claimedName is not null && !string.Equals(node, claimedName, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"the client certificate is for node {node}; it may not speak for node '{claimedName}'"));
        }

        return new NodeGuard(identity, certificate.SerialNumber, node);
    }
}
