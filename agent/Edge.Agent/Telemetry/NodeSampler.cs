using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Agent.Telemetry;

/// <summary>Takes node samples from /proc; CPU usage is the busy share since the previous sample.</summary>
internal sealed class NodeSampler(TimeProvider time)
{
    private (ulong Total, ulong Idle)? _previous = ProcStat.CpuTimes();

    public NodeSample Sample(int workloadsRunning)
    {
        var now = ProcStat.CpuTimes();
        var cpu = 0.0;
        if (now is { } n && _previous is { } p && n.Total > p.Total)
        {
            cpu = 1.0 - ((double)(n.Idle - p.Idle) / (n.Total - p.Total));
        }

        _previous = now;
        var total = ProcStat.MemTotalBytes() ?? 0;
        var available = ProcStat.MemAvailableBytes() ?? total;
        return new NodeSample
        {
            SampledAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            CpuUsageRatio = Math.Clamp(cpu, 0, 1),
            MemoryTotalBytes = total,
            MemoryUsedBytes = total - available,
            LoadAverage1M = ProcStat.LoadAverage1m() ?? 0,
            WorkloadsRunning = workloadsRunning,
        };
    }
}
