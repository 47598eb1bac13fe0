using Edge.Controller.Hosting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Identity;

/// <summary>
/// Authenticates and authorises admin calls in mtls mode: "authorization:
/// Bearer edge_…" → a principal → <see cref="AdminAuthorization"/>. Agent,
/// enrollment, reflection and health calls pass untouched; dev mode passes all.
/// </summary>
internal sealed partial class AdminAuthInterceptor(
    IOptions<ControllerOptions> options,
    IServiceProvider services,
    ILogger<AdminAuthInterceptor> logger) : Interceptor
{
    public const string TenantHeader = "x-edge-tenant";

    /// <summary>Where an authorised call's principal waits for the service (<see cref="Grpc.TenantScope"/>).</summary>
    public const string PrincipalKey = "edge.admin";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize(request, context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize<object?>(null, context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Authorize<object?>(null, context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize<TRequest>(TRequest request, ServerCallContext context)
    {
        var parts = context.Method.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !AdminAuthorization.IsGuarded(parts[0]) || !options.Value.Security.IsMtls)
        {
            return;
        }

        var header = context.RequestHeaders.GetValue("authorization") ?? "";
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "admin calls need 'authorization: Bearer <admin token>' (edgectl: a context with a token, see docs/enrollment.md)"));
        }

        var tokens = services.GetRequiredService<AdminTokens>();
        var principal = tokens.Authenticate(header["Bearer ".Length..].Trim(), out var error)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, error));
        AuthorizeAs(principal, request, context, parts[0], parts[1]);
    }

    /// <summary>Decides for an authenticated principal; throws PermissionDenied or leaves the principal for the service.</summary>
    internal void AuthorizeAs(AdminPrincipal principal, object? request, ServerCallContext context, string service, string method)
    {
        // A request with a string tenant field acts on the tenant the service will act on
        // (AdminAuthorization.TenantOf: the field, else the header, else the caller's own or
        // "default"), so what is checked here is what is changed there. Other requests
        // (a Tenant message, node reads) name their tenant, if any, by the header.
        var field = (request as IMessage)?.Descriptor.FindFieldByName("tenant");
        var tenantField = field is { FieldType: Google.Protobuf.Reflection.FieldType.String } ? field : null;
        var header = context.RequestHeaders.GetValue(TenantHeader);
        var tenant = tenantField is null
            ? header
            : AdminAuthorization.TenantOf(principal, tenantField.Accessor.GetValue((IMessage)request!) as string, header);

        var refusal = AdminAuthorization.Decide(principal, service, method, tenant, tenantField is not null);
        if (refusal is not null)
        {
            LogRefused(principal.TokenId, method, refusal);
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal));
        }

        context.UserState[PrincipalKey] = principal;
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Admin call {Method} by token {TokenId} refused: {Reason}")]
    private partial void LogRefused(string tokenId, string method, string reason);
}
