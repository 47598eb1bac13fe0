using Edge.Agent.Core;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Agent.Telemetry;

/// <summary>
/// Takes node samples from /proc (and the agent's cgroup v2 where it has
/// one) and each workload's runtime figures. CPU usage is the busy share since
/// the previous sample; workload latency quantiles cover the same interval.
/// </summary>
internal sealed class NodeSampler(TimeProvider time, string dataDir, IWorkloadMetricsSource workloads)
{
    private readonly string? _cgroup = ProcStat.CgroupDirectory();
    private readonly Dictionary<string, LatencyHistogram> _previousLatency = new(StringComparer.Ordinal);
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
        var sample = new NodeSample
        {
            SampledAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            CpuUsageRatio = Math.Clamp(cpu, 0, 1),
            MemoryTotalBytes = total,
            MemoryUsedBytes = total - available,
            LoadAverage1M = ProcStat.LoadAverage1m() ?? 0,
            WorkloadsRunning = workloadsRunning,
        };
        if (ProcStat.Disk(dataDir) is { } disk)
        {
            sample.DiskUsedBytes = disk.Used;
            sample.DiskTotalBytes = disk.Total;
        }

        if (ProcStat.NetworkBytes() is { } net)
        {
            sample.NetRxBytes = net.Rx;
            sample.NetTxBytes = net.Tx;
        }

        if (_cgroup is not null && ProcStat.Cgroup(_cgroup) is { } cg)
        {
            sample.Cgroup = new CgroupSample
            {
                MemoryCurrentBytes = cg.MemoryCurrentBytes,
                MemoryMaxBytes = cg.MemoryMaxBytes,
                CpuUsageUsec = cg.CpuUsageUsec,
                CpuLimitCores = cg.CpuLimitCores,
            };
        }

        AddWorkloads(sample);
        return sample;
    }

    private void AddWorkloads(NodeSample sample)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in workloads.Metrics())
        {
            _previousLatency.TryGetValue(m.Name, out var before);
            sample.Workloads.Add(new WorkloadSample
            {
                Name = m.Name,
                Invocations = (ulong)Math.Max(0, m.Invocations),
                Failures = (ulong)Math.Max(0, m.Failures),
                WarmInstances = m.WarmInstances,
                BusyInstances = m.BusyInstances,
                QueuedRequests = m.QueuedRequests,
                LatencyP50Ms = (float)LatencyQuantiles.Between(before, m.Latency, 0.5),
                LatencyP99Ms = (float)LatencyQuantiles.Between(before, m.Latency, 0.99),
            });
            _previousLatency[m.Name] = m.Latency;
            seen.Add(m.Name);
        }

        foreach (var gone in _previousLatency.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _previousLatency.Remove(gone);
        }
    }
}
