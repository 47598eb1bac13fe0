namespace Edge.Scheduling;

public sealed record NodeUtilization(string Node, ResourceAmount Requested, ResourceAmount Allocatable)
{
    public double CpuFraction => Allocatable.CpuMillis == 0 ? 0 : (double)Requested.CpuMillis / Allocatable.CpuMillis;

    public double MemoryFraction => Allocatable.MemoryBytes == 0 ? 0 : (double)Requested.MemoryBytes / Allocatable.MemoryBytes;

    public bool OverCapacity => !Requested.FitsIn(Allocatable);
}
