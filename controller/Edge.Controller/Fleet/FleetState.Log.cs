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

    // Debug: a global apply moves every node's version, and 10,000 lines per apply cost more than the apply.
    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Node {NodeId} desired state v{Version}: {Workloads} workloads")]
    private partial void LogDesiredChanged(string nodeId, long version, int workloads);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Replica {Workload}#{Ordinal} placed on {NodeId} (score {Score})")]
    private partial void LogReplicaPlaced(string workload, int ordinal, string nodeId, long score);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Replica {Workload}#{Ordinal} on {NodeId} ended: {Reason}")]
    private partial void LogReplicaEnded(string workload, int ordinal, string nodeId, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Workload {Workload}: {Count} replicas fit nowhere: {Reason}")]
    private partial void LogReplicasUnplaced(string workload, int count, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Workload {Workload} scaled to {Replicas} replicas")]
    private partial void LogScaled(string workload, int replicas);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Information, Message = "Workload {Workload} deleted, {Replicas} replicas ended")]
    private partial void LogWorkloadDeleted(string workload, int replicas);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "Workload {Workload} refused: {Decision}")]
    private partial void LogQuotaRefused(string workload, string decision);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Node {NodeId} changed by an admin: {AdminLabels} admin labels, {Taints} taints, cordoned {Cordoned}, draining {Draining}")]
    private partial void LogNodeChanged(string nodeId, int adminLabels, int taints, bool cordoned, bool draining);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Information, Message = "Node {NodeId} drained")]
    private partial void LogDrained(string nodeId);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information, Message = "Node {NodeId} deleted, {Replicas} replicas unassigned")]
    private partial void LogNodeDeleted(string nodeId, int replicas);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Error, Message = "Fleet store write failed; the changes stay staged for the next commit")]
    private partial void LogCommitFailed(Exception exception);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Information, Message = "Desired state changed on {Nodes} nodes ({Assignments} replica assignments changed)")]
    private partial void LogDesiredBatch(int nodes, int assignments);

    [LoggerMessage(EventId = 1160, Level = LogLevel.Information, Message = "Workload {Workload} woken from zero by an invocation on node {NodeId}: scaled to 1")]
    private partial void LogWoken(string workload, string nodeId);

    [LoggerMessage(EventId = 1161, Level = LogLevel.Information, Message = "Workload {Workload} resized to {CpuMillis}m cpu, {MemoryBytes} bytes memory")]
    private partial void LogResized(string workload, long cpuMillis, long memoryBytes);

    [LoggerMessage(EventId = 1166, Level = LogLevel.Information, Message = "Workload {Workload} woken on node {NodeId} but placed on {Placed}: {Reason}")]
    private partial void LogWokenPlacedElsewhere(string workload, string nodeId, string placed, string reason);
}
