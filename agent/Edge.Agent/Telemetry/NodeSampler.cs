using Edge.Agent.Core;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace Edge.Agent.Telemetry;

/// <summary>
/// Takes node samples from /proc (and the agent's cgroup v2 where it has
/// one) and each workload's runtime figures. CPU usage is the busy share since
/// the previous sample; workload latency quantiles and the time-averaged and
/// peak memory cover the same interval; workload CPU time and guest metrics
/// are cumulative. A workload's CPU time and memory are left out when the
/// runtime did not measure them (absent, not 0).
/// </summary>
internal sealed class NodeSampler(TimeProvider time, string dataDir, IWorkloadMetricsSource workloads)
{
    private readonly string? _cgroup = ProcStat.CgroupDirectory();
    private readonly Dictionary<string, (LatencyHistogram Latency, MemoryReading? Memory)> _previous = new(StringComparer.Ordinal);
    private (ulong Total, ulong Idle)? _previousCpu = ProcStat.CpuTimes();

    public NodeSample Sample(int workloadsRunning)
    {
        var now = ProcStat.CpuTimes();
        var cpu = 0.0;
        if (now is { } n && _previousCpu is { } p && n.Total > p.Total)
        {
            cpu = 1.0 - ((double)(n.Idle - p.Idle) / (n.Total - p.Total));
        }

        _previousCpu = now;
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
        foreach (var m in workloads.TakeInterval())
        {
            _previous.TryGetValue(m.Name, out var before);
            var w = new WorkloadSample
            {
                Name = m.Name,
                Invocations = (ulong)Math.Max(0, m.Invocations),
                Failures = (ulong)Math.Max(0, m.Failures),
                WarmInstances = m.WarmInstances,
                BusyInstances = m.BusyInstances,
                QueuedRequests = m.QueuedRequests,
                LatencyP50Ms = (float)LatencyQuantiles.Between(before.Latency, m.Latency, 0.5),
                LatencyP99Ms = (float)LatencyQuantiles.Between(before.Latency, m.Latency, 0.99),
            };
            if (m.CpuTime is { } cpu)
            {
                w.CpuTimeUs = (ulong)Math.Max(0, cpu.Ticks / TimeSpan.TicksPerMicrosecond);
            }

            if (m.Memory is { } memory)
            {
                w.MemoryBytes = memory.AverageSince(before.Memory);
                // A run's growth is counted from its start, so the average can pass the peak seen at its end.
                w.MemoryPeakBytes = Math.Max(memory.PeakBytes, w.MemoryBytes);
            }

            // The runtime keeps the first names seen, up to the cap; the cap here too bounds the sample whatever the source.
            foreach (var (name, value) in m.Custom.Take(WorkloadMetrics.MaxCustomNames))
            {
                w.Custom[name] = value;
            }

            sample.Workloads.Add(w);
            _previous[m.Name] = (m.Latency, m.Memory);
            seen.Add(m.Name);
        }

        foreach (var gone in _previous.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _previous.Remove(gone);
        }
    }
}
