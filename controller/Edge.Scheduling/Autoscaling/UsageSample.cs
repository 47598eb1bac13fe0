namespace Edge.Scheduling.Autoscaling;

/// <summary>What one replica used at one time: CPU in millicores, memory in bytes.</summary>
public readonly record struct UsageSample(DateTimeOffset At, double CpuMillis, long MemoryBytes);
