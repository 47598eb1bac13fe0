namespace Edge.Controller.Fleet;

internal sealed partial class FleetState
{
    [LoggerMessage(EventId = 1190, Level = LogLevel.Error, Message = "Workload {Workload} failed and is left out of placement until it is applied or scaled again: {Reason}")]
    private partial void LogWorkloadFailed(string workload, string reason);
}
