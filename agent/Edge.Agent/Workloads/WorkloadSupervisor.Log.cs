using Edge.Agent.Core;

namespace Edge.Agent.Workloads;

internal sealed partial class WorkloadSupervisor
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Error, Message = "Desired state v{Version} from {Source} refused, still running the previous one: {Errors}")]
    private partial void LogRefused(long version, string source, string errors);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Desired state from {Source} went back from v{Running} to v{Version}; applying it (the controller's store may have been reset)")]
    private partial void LogVersionWentBack(string source, long running, long version);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "{Command} {Workload}: {Reason} (desired v{Version} from {Source})")]
    private partial void LogCommand(string command, string workload, string reason, long version, string source);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Workload {Workload} {Phase} (module {Digest})")]
    private partial void LogStarted(string workload, string digest, WorkloadPhase phase);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "Workload {Workload} failed: {Reason}")]
    private partial void LogFailed(string workload, string reason);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Workload {Workload} waits: {Reason}")]
    private partial void LogModuleUnavailable(string workload, string reason);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Workload {Workload} keeps its running version until its new module can be fetched")]
    private partial void LogKeptOld(string workload);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Information, Message = "Module {Digest} fetched ({Bytes} bytes)")]
    private partial void LogFetched(string digest, int bytes);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Information, Message = "Removed {Count} cached module files no workload uses")]
    private partial void LogCollected(int count);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Information, Message = "Job {Workload} finished before with this spec; not run again")]
    private partial void LogJobAlreadyFinished(string workload);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "Job {Workload} run ended: {Phase} ({Reason}, exit code {ExitCode})")]
    private partial void LogJobEnded(string workload, WorkloadPhase phase, string reason, int? exitCode);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Warning, Message = "Job {Workload} could not be retried: {Error}")]
    private partial void LogJobRetryFailed(string workload, string error);
}
