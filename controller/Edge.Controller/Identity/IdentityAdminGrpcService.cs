using Edge.Controller.Events;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Edge.Controller.Identity;

/// <summary>edgectl token/csr/revoke/admin-token calls (fleet-admin only, see <see cref="AdminAuthInterceptor"/>).</summary>
internal sealed partial class IdentityAdminGrpcService(
    IdentityAccess access,
    ILogger<IdentityAdminGrpcService> logger,
    EventLog events) : IdentityAdminService.IdentityAdminServiceBase
{
    public override Task<CreateEnrollmentTokenResponse> CreateEnrollmentToken(CreateEnrollmentTokenRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(IdentityErrors.Guard(() =>
        {
            var token = access.Identity.CreateToken(TimeSpan.FromSeconds(request.TtlSeconds), request.Uses, request.Labels, request.Group, out var record);
            LogTokenCreated(record.Id, record.ExpiresAt, request.Uses);
            return new CreateEnrollmentTokenResponse
            {
                Token = token,
                Id = record.Id,
                ExpiresAt = Timestamp.FromDateTime(DateTime.SpecifyKind(record.ExpiresAt, DateTimeKind.Utc)),
            };
        }));
    }

    public override Task<RevokeNodeResponse> RevokeNode(RevokeNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Edge.Scheduling.Names.IsDnsLabel(request.Name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"node name '{request.Name}' is not a DNS label"));
        }

        var count = access.Identity.Revoke(request.Name);
        LogRevoked(request.Name, count);
        events.Revoked(request.Name, count);
        return Task.FromResult(new RevokeNodeResponse { CertificatesRevoked = count });
    }

    public override Task<NodeCredentials> SignCsr(SignCsrRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(IdentityErrors.Guard(() => access.Identity.SignCsr(request.CsrDer.ToByteArray()).ToProto()));
    }

    public override Task<CreateAdminTokenResponse> CreateAdminToken(CreateAdminTokenRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AdminRoleNames.TryParse(request.Role, out var role))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"role '{request.Role}' is not fleet-admin, tenant-admin or viewer"));
        }

        return Task.FromResult(IdentityErrors.Guard(() =>
        {
            var token = access.AdminTokens.Create(role, request.Tenant, request.TtlSeconds > 0 ? TimeSpan.FromSeconds(request.TtlSeconds) : null, request.Description, out var record);
            var expires = access.AdminTokens.ExpiresAt(record);
            LogAdminTokenCreated(record.Id, record.Role, record.Tenant, expires);
            return new CreateAdminTokenResponse { Token = token, Id = record.Id, ExpiresAt = AdminTokenMapping.Utc(expires) };
        }));
    }

    public override Task<ListAdminTokensResponse> ListAdminTokens(ListAdminTokensRequest request, ServerCallContext context)
    {
        var tokens = access.AdminTokens;
        var response = new ListAdminTokensResponse();
        response.Tokens.Add(tokens.List().Select(t => t.ToProto(tokens.ExpiresAt(t), tokens.IsExpired(t))));
        return Task.FromResult(response);
    }

    public override Task<AdminTokenInfo> RevokeAdminToken(RevokeAdminTokenRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(IdentityErrors.Guard(() =>
        {
            var tokens = access.AdminTokens;
            var record = tokens.Revoke(request.Id);
            LogAdminTokenRevoked(record.Id, record.Role, record.Tenant);
            return record.ToProto(tokens.ExpiresAt(record), tokens.IsExpired(record));
        }));
    }

    public override Task<CreateBundleResponse> CreateBundle(CreateBundleRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var ttl = request.TtlSeconds > 0 ? TimeSpan.FromSeconds(request.TtlSeconds) : TimeSpan.FromDays(30);
        var factory = context.GetHttpContext().RequestServices.GetRequiredService<BundleFactory>();
        _ = access.Identity; // dev mode: says how to turn identity on
        return Task.FromResult(IdentityErrors.Guard(() =>
        {
            var (bundle, workloads, voucher) = factory.Create(request.NodeName, request.Labels, ttl, request.ControllerUrls);
            LogBundleCreated(request.NodeName, voucher, workloads, bundle.Length);
            return new CreateBundleResponse { Bundle = Google.Protobuf.ByteString.CopyFrom(bundle), Workloads = workloads, VoucherId = voucher };
        }));
    }

    [LoggerMessage(EventId = 1723, Level = LogLevel.Information, Message = "Admin token {TokenId} created: {Role} {Tenant}, expires {ExpiresAt}")]
    private partial void LogAdminTokenCreated(string tokenId, string role, string tenant, DateTime expiresAt);

    [LoggerMessage(EventId = 1724, Level = LogLevel.Warning, Message = "Admin token {TokenId} revoked: {Role} {Tenant}")]
    private partial void LogAdminTokenRevoked(string tokenId, string role, string tenant);

    [LoggerMessage(EventId = 1722, Level = LogLevel.Information, Message = "Bundle for node {NodeId} created: voucher {VoucherId}, {Workloads} workloads, {Bytes} bytes")]
    private partial void LogBundleCreated(string nodeId, string voucherId, int workloads, int bytes);

    [LoggerMessage(EventId = 1720, Level = LogLevel.Information, Message = "Enrollment token {TokenId} created, expires {ExpiresAt}, uses {Uses}")]
    private partial void LogTokenCreated(string tokenId, DateTime expiresAt, int uses);

    [LoggerMessage(EventId = 1721, Level = LogLevel.Warning, Message = "Node {NodeId} revoked: {Count} certificate(s)")]
    private partial void LogRevoked(string nodeId, int count);
}
