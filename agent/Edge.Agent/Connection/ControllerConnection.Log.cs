namespace Edge.Agent.Connection;

internal sealed partial class ControllerConnection
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Connected to controller {Address} (version {Version}); heartbeat every {Seconds} s")]
    private partial void LogConnected(string address, string version, double seconds);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Controller {Address} unreachable: {Reason}; workloads keep running")]
    private partial void LogUnreachable(string address, string reason);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Lost controller {Address}: {Reason}; workloads keep running")]
    private partial void LogLost(string address, string reason);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Reconnecting to {Address} in {Seconds:0.0} s")]
    private partial void LogRetrying(string address, double seconds);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Controller {Address} ended the stream")]
    private partial void LogStreamEnded(string address);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning, Message = "Ignoring an unknown message from the controller: {Kind}")]
    private partial void LogUnknownMessage(string kind);
}
