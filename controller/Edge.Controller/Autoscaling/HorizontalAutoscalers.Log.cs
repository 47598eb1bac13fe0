namespace Edge.Controller.Autoscaling;

internal sealed partial class HorizontalAutoscalers
{
    [LoggerMessage(EventId = 2850, Level = LogLevel.Information, Message = "Autoscalers loaded: {Count}")]
    private partial void LogLoaded(int count);

    [LoggerMessage(EventId = 2851, Level = LogLevel.Information, Message = "Autoscaler {Autoscaler} applied for workload {Workload}: min {Min}, max {Max}, {Metrics} metric(s), changed {Changed}")]
    private partial void LogApplied(string autoscaler, string workload, int min, int max, int metrics, bool changed);

    [LoggerMessage(EventId = 2852, Level = LogLevel.Information, Message = "Autoscaler {Autoscaler} deleted")]
    private partial void LogDeleted(string autoscaler);

    [LoggerMessage(EventId = 2853, Level = LogLevel.Information, Message = "Autoscaler {Autoscaler} scaled workload {Workload} from {From} to {To}: {Reason}")]
    private partial void LogRescaled(string autoscaler, string workload, int from, int to, string reason);

    [LoggerMessage(EventId = 2854, Level = LogLevel.Information, Message = "Autoscaler {Autoscaler} holds workload {Workload} at {Replicas}: {Reason}")]
    private partial void LogHeld(string autoscaler, string workload, int replicas, string reason);

    [LoggerMessage(EventId = 2855, Level = LogLevel.Warning, Message = "Autoscaler {Autoscaler} could not scale workload {Workload} to {To}: {Problem}")]
    private partial void LogRescaleFailed(string autoscaler, string workload, int to, string problem);

    [LoggerMessage(EventId = 2856, Level = LogLevel.Warning, Message = "Autoscaler {Autoscaler}: {Problem}")]
    private partial void LogCannotScale(string autoscaler, string problem);
}
