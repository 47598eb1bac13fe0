namespace Edge.Scheduling;

/// <summary>CPU in millicores and memory in bytes.</summary>
public readonly record struct ResourceAmount(long CpuMillis, long MemoryBytes)
{
    public static ResourceAmount operator +(ResourceAmount a, ResourceAmount b) => new(a.CpuMillis + b.CpuMillis, a.MemoryBytes + b.MemoryBytes);

    public static ResourceAmount operator -(ResourceAmount a, ResourceAmount b) => new(a.CpuMillis - b.CpuMillis, a.MemoryBytes - b.MemoryBytes);

    public static ResourceAmount operator *(ResourceAmount a, int n) => new(a.CpuMillis * n, a.MemoryBytes * n);

    public ResourceAmount Add(ResourceAmount other) => this + other;

    public ResourceAmount Subtract(ResourceAmount other) => this - other;

    public ResourceAmount Multiply(int n) => this * n;

    /// <summary>True when both amounts are within <paramref name="capacity"/>.</summary>
    public bool FitsIn(ResourceAmount capacity) => CpuMillis <= capacity.CpuMillis && MemoryBytes <= capacity.MemoryBytes;
}
