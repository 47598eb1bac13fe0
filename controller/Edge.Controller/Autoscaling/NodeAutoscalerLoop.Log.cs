namespace Edge.Controller.Autoscaling;

internal sealed partial class NodeAutoscalerLoop
{
    [LoggerMessage(EventId = 1783, Level = LogLevel.Information, Message = "Node group {Group}: asking for {Nodes} node(s): {Reason}")]
    private partial void LogScaleUp(string group, int nodes, string reason);

    [LoggerMessage(EventId = 1784, Level = LogLevel.Warning, Message = "Node group {Group}: scale-up failed: {Reason}")]
    private partial void LogScaleUpFailed(string group, string reason);

    [LoggerMessage(EventId = 1785, Level = LogLevel.Information, Message = "Node {NodeId} of group {Group} registered")]
    private partial void LogRegistered(string nodeId, string group);

    [LoggerMessage(EventId = 1786, Level = LogLevel.Information, Message = "Node {NodeId} of group {Group} is being removed: {Reason}")]
    private partial void LogScaleDown(string nodeId, string group, string reason);

    [LoggerMessage(EventId = 1787, Level = LogLevel.Information, Message = "Node {NodeId} of group {Group} deleted by its provider")]
    private partial void LogNodeDeleted(string nodeId, string group);

    [LoggerMessage(EventId = 1788, Level = LogLevel.Warning, Message = "Node {NodeId} given back instead of removed: {Reason}")]
    private partial void LogGivenBack(string nodeId, string reason);

    [LoggerMessage(EventId = 1789, Level = LogLevel.Error, Message = "Node autoscaler pass failed")]
    internal partial void LogPassFailed(Exception exception);
}
