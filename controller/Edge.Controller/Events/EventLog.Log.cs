namespace Edge.Controller.Events;

internal sealed partial class EventLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Event log loaded from the fleet store: {Events} events kept ({Dropped} past their retention or bound dropped)")]
    private partial void LogLoaded(int events, int dropped);
}
