using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Ctl.Commands;

/// <summary>An admin client plus what every call needs: a fresh deadline and the command's cancellation.</summary>
internal sealed class AdminSession(
    AdminService.AdminServiceClient client,
    TimeProvider time,
    TimeSpan timeout,
    CancellationToken cancellationToken)
{
    public AdminService.AdminServiceClient Client { get; } = client;

    /// <summary>Options for one call; the deadline starts now, so each call gets the full --timeout.</summary>
    public CallOptions NewCall() =>
        new(deadline: time.GetUtcNow().UtcDateTime + timeout, cancellationToken: cancellationToken);
}
