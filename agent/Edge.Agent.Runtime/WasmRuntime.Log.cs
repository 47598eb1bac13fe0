using Microsoft.Extensions.Logging;

namespace Edge.Agent.Runtime;

// EventIds 2500-2599: Edge.Agent.Runtime.
public sealed partial class WasmRuntime
{
    [LoggerMessage(EventId = 2500, Level = LogLevel.Debug, Message = "Workload {Workload} running (module {ModuleDigest}, started in {ElapsedMs:0.0} ms)")]
    private static partial void LogStarted(ILogger logger, string workload, string moduleDigest, double elapsedMs);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Debug, Message = "Workload {Workload} failed to start (module {ModuleDigest}): {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string workload, string moduleDigest, string reason);

    [LoggerMessage(EventId = 2502, Level = LogLevel.Debug, Message = "Workload {Workload} stopped")]
    private static partial void LogStopped(ILogger logger, string workload);

    [LoggerMessage(EventId = 2503, Level = LogLevel.Information, Message = "{Workload} stdout: {Line}")]
    private static partial void LogStdout(ILogger logger, string workload, string line);

    [LoggerMessage(EventId = 2504, Level = LogLevel.Warning, Message = "{Workload} stderr: {Line}")]
    private static partial void LogStderr(ILogger logger, string workload, string line);

    [LoggerMessage(EventId = 2505, Level = LogLevel.Warning, Message = "{Workload} wrote more than {MaxOutputBytes} bytes to stdout or stderr; the rest was dropped")]
    private static partial void LogOutputTruncated(ILogger logger, string workload, int maxOutputBytes);

    [LoggerMessage(EventId = 2506, Level = LogLevel.Warning, Message = "Workload {Workload} invocation {Outcome}: {Reason}")]
    private static partial void LogInvocationFailed(ILogger logger, string workload, InvocationOutcome outcome, string reason);

    [LoggerMessage(EventId = 2507, Level = LogLevel.Debug, Message = "{Workload} stdout: {Line}")]
    private static partial void LogInvocationStdout(ILogger logger, string workload, string line);

    [LoggerMessage(EventId = 2508, Level = LogLevel.Error, Message = "{Active} guest runs did not stop within {Seconds} s of shutdown; the Wasmtime engine is left undisposed")]
    private static partial void LogShutdownTimedOut(ILogger logger, int active, double seconds);

    [LoggerMessage(EventId = 2509, Level = LogLevel.Debug, Message = "{Workload} stderr: {Line}")]
    private static partial void LogInvocationStderr(ILogger logger, string workload, string line);

    [LoggerMessage(EventId = 2513, Level = LogLevel.Warning, Message = "Compiler process for workload {Workload} did not compile it: {Problem}; compiling in the agent instead")]
    private static partial void LogCompilerChildFailed(ILogger logger, string workload, string problem);

    [LoggerMessage(EventId = 2510, Level = LogLevel.Warning, Message = "Compiled module cache for {ModuleDigest}: {Problem}; compiling instead")]
    private static partial void LogCompiledCacheProblem(ILogger logger, string moduleDigest, string problem);

    [LoggerMessage(EventId = 2511, Message = "{Workload} log: {Line}")]
    private static partial void LogGuest(ILogger logger, LogLevel level, string workload, string line);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Information, Message = "Workload {Workload} changed in place: cold {Cold}, memory limit {MemoryBytes} bytes (0 = default); runs in flight keep theirs")]
    private static partial void LogUpdated(ILogger logger, string workload, bool cold, long memoryBytes);
}
