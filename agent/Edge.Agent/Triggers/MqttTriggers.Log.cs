namespace Edge.Agent.Triggers;

internal sealed partial class MqttTriggers
{
    [LoggerMessage(EventId = 2610, Level = LogLevel.Information, Message = "MQTT triggers connected to {Broker}")]
    private partial void LogConnected(string broker);

    [LoggerMessage(EventId = 2611, Level = LogLevel.Information, Message = "MQTT trigger subscribed to {Filter}")]
    private partial void LogSubscribed(string filter);

    [LoggerMessage(EventId = 2612, Level = LogLevel.Warning, Message = "MQTT trigger subscription to {Filter} refused: {Reason}")]
    private partial void LogSubscribeRefused(string filter, string reason);

    [LoggerMessage(EventId = 2613, Level = LogLevel.Warning, Message = "MQTT triggers not in place: {Reason}")]
    private partial void LogSyncFailed(string reason);

    [LoggerMessage(EventId = 2614, Level = LogLevel.Warning, Message = "MQTT trigger of {Workload} on {Topic} failed: {Reason}")]
    private partial void LogRunFailed(string workload, string topic, string reason);
}
