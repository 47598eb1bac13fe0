namespace Edge.Agent.Telemetry;

/// <summary>Figures read from a cgroup v2 directory; 0 limits mean none.</summary>
internal sealed record CgroupSampleValues(long MemoryCurrentBytes, long MemoryMaxBytes, ulong CpuUsageUsec, double CpuLimitCores);
