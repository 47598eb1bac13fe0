using Microsoft.Extensions.Logging;

namespace Edge.Agent.Runtime;

public sealed partial class WasmRuntime
{
    [LoggerMessage(EventId = 2540, Level = LogLevel.Warning, Message = "Workload {Workload}: {Refusal}")]
    private static partial void LogVolumeQuotaReached(ILogger logger, string workload, string refusal);

    [LoggerMessage(EventId = 2541, Level = LogLevel.Information, Message = "Workload {Workload} left the node; its volumes: {Volumes}")]
    private static partial void LogVolumesReclaimed(ILogger logger, string workload, string volumes);
}
