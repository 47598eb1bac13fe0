using Grpc.Core;

namespace Edge.Controller.Identity;

/// <summary>A node's admitted certificate for the life of one stream: checked for revocation on every message.</summary>
internal sealed class NodeGuard(NodeIdentityService identity, string serial, string node)
{
    public string Node { get; } = node;

    /// <summary>Cancelled the moment the node is revoked.</summary>
    public CancellationToken Revoked { get; } = identity.RevocationOf(node);

    public void ThrowIfRevoked()
    {
        if (identity.IsRevoked(serial))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"the certificate of node {Node} was revoked; the node must enroll again with a new token"));
        }
    }
}
