namespace Edge.Controller.Grpc;

internal sealed partial class AgentGrpcService
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Node {NodeId} connected from {Peer}: desired v{Desired}, running v{Applied}")]
    private partial void LogConnected(string nodeId, string peer, long desired, long applied);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Node {NodeId} stream from {Peer} ended")]
    private partial void LogDisconnected(string nodeId, string peer);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Node {NodeId} stream closed: {Reason}")]
    private partial void LogReplaced(string nodeId, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Node {NodeId} asked for module {Digest}, which no workload given to it uses: refused as not found ({Refused} refusals of this node so far)")]
    private partial void LogModuleRefused(string nodeId, string digest, long refused);
}
