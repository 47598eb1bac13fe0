using Edge.Scheduling;

namespace Edge.Controller.Fleet;

internal sealed partial class FleetState
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Fleet loaded from store: {Nodes} nodes, {Workloads} workloads")]
    private partial void LogLoaded(int nodes, int workloads);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Node {NodeId} registered ({Arch}) from {Peer}")]
    private partial void LogNodeRegistered(string nodeId, string arch, string peer);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Node {NodeId} {From} -> {To}: {Reason}")]
    private partial void LogConditionChanged(string nodeId, NodeCondition from, NodeCondition to, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Node {NodeId} desired state v{Version}: {Workloads} workloads")]
    private partial void LogDesiredChanged(string nodeId, long version, int workloads);
}
