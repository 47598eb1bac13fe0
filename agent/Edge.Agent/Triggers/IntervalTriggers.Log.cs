namespace Edge.Agent.Triggers;

// EventIds 2600-2699: triggers.
internal sealed partial class IntervalTriggers
{
    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Workload {Workload} runs every {Interval}")]
    private partial void LogScheduled(string workload, TimeSpan interval);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Interval run of {Workload} failed: {Reason}")]
    private partial void LogRunFailed(string workload, string reason);
}
