namespace Edge.Controller.Autoscaling;

internal sealed partial class ExecNodeGroupProvider
{
    [LoggerMessage(EventId = 1770, Level = LogLevel.Information, Message = "Node group {Group}: {Action} started ({Command})")]
    private partial void LogStarted(string group, string action, string command);

    [LoggerMessage(EventId = 1771, Level = LogLevel.Information, Message = "Node group {Group}: {Action} succeeded: {Message}")]
    private partial void LogSucceeded(string group, string action, string message);

    [LoggerMessage(EventId = 1772, Level = LogLevel.Warning, Message = "Node group {Group}: {Action} failed: {Message}")]
    private partial void LogFailed(string group, string action, string message);
}
