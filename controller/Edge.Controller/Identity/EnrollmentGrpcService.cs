using Edge.Controller.Events;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Controller.Identity;

/// <summary>The agents' enrollment calls: thin, the rules are in <see cref="NodeIdentityService"/>.</summary>
internal sealed partial class EnrollmentGrpcService(IdentityAccess access, ILogger<EnrollmentGrpcService> logger, EventLog events)
    : EnrollmentService.EnrollmentServiceBase
{
    public override Task<GetCaResponse> GetCa(GetCaRequest request, ServerCallContext context) =>
        Task.FromResult(new GetCaResponse { CaPem = access.Identity.Ca.Pem });

    public override Task<NodeCredentials> Enroll(EnrollRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var issued = access.Identity.Enroll(request.Token, request.CsrDer.ToByteArray());
            LogEnrolled(issued.NodeName, context.Peer, issued.NotAfter);
            events.Enrolled(issued.NodeName, issued.NotAfter, context.Peer);
            return Task.FromResult(issued.ToProto());
        }
        catch (IdentityException ex)
        {
            LogRefused("enrollment", context.Peer, ex.Message);
            events.IdentityRefused("enrollment", context.Peer, ex.Message);
            throw IdentityErrors.ToRpc(ex);
        }
    }

    public override Task<NodeCredentials> Renew(RenewRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var issued = access.Identity.Renew(context.GetHttpContext().Connection.ClientCertificate, request.CsrDer.ToByteArray());
            LogRenewed(issued.NodeName, issued.NotAfter);
            events.Renewed(issued.NodeName, issued.NotAfter);
            return Task.FromResult(issued.ToProto());
        }
        catch (IdentityException ex)
        {
            LogRefused("renewal", context.Peer, ex.Message);
            events.IdentityRefused("renewal", context.Peer, ex.Message);
            throw IdentityErrors.ToRpc(ex);
        }
    }

    [LoggerMessage(EventId = 1710, Level = LogLevel.Information, Message = "Node {NodeId} enrolled from {Peer}; certificate valid until {NotAfter}")]
    private partial void LogEnrolled(string nodeId, string peer, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 1711, Level = LogLevel.Information, Message = "Node {NodeId} renewed its certificate; valid until {NotAfter}")]
    private partial void LogRenewed(string nodeId, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 1712, Level = LogLevel.Warning, Message = "Refused {Operation} from {Peer}: {Reason}")]
    private partial void LogRefused(string operation, string peer, string reason);
}
