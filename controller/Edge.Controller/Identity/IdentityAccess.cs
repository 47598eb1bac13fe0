using Edge.Controller.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Identity;

/// <summary>The identity services, which exist only in mtls mode; in dev mode a call says how to turn them on.</summary>
internal sealed class IdentityAccess(IServiceProvider services, IOptions<ControllerOptions> options)
{
    public bool Enabled => options.Value.Security.IsMtls;

    public NodeIdentityService Identity => Require<NodeIdentityService>();

    public AdminTokens AdminTokens => Require<AdminTokens>();

    private T Require<T>()
        where T : notnull =>
        Enabled
            ? services.GetRequiredService<T>()
            : throw new RpcException(new Status(StatusCode.FailedPrecondition, "node identity is off: the controller runs with Controller:Security:Mode=dev; start it with --Controller:Security:Mode=mtls (docs/enrollment.md)"));
}
