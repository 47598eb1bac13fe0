using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Ctl.Commands;

/// <summary>An admin client plus what every call needs: a fresh deadline, the command's cancellation, the context's credentials.</summary>
internal sealed class AdminSession(
    AdminService.AdminServiceClient client,
    TimeProvider time,
    TimeSpan timeout,
    CancellationToken cancellationToken,
    Metadata? headers = null,
    IdentityAdminService.IdentityAdminServiceClient? identity = null,
    string address = "")
{
    /// <summary>The controller address this session talks to.</summary>
    public string Address { get; } = address;

    public AdminService.AdminServiceClient Client { get; } = client;

    /// <summary>Tokens, CSR signing, revocation (fleet-admin).</summary>
    public IdentityAdminService.IdentityAdminServiceClient Identity =>
        identity ?? throw new InvalidOperationException("this session has no identity client");

    /// <summary>Options for one call; the deadline starts now, so each call gets the full --timeout.</summary>
    public CallOptions NewCall() =>
        new(headers: headers, deadline: time.GetUtcNow().UtcDateTime + timeout, cancellationToken: cancellationToken);

    /// <summary>Options for a stream that lasts until the command is cancelled (a watch): no deadline.</summary>
    public CallOptions NewStream() => new(headers: headers, cancellationToken: cancellationToken);
}
