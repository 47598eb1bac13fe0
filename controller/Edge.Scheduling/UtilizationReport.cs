namespace Edge.Scheduling;

public sealed record UtilizationReport(IReadOnlyList<NodeUtilization> Nodes, ResourceAmount Requested, ResourceAmount Allocatable)
{
    public double CpuFraction => Allocatable.CpuMillis == 0 ? 0 : (double)Requested.CpuMillis / Allocatable.CpuMillis;

    public double MemoryFraction => Allocatable.MemoryBytes == 0 ? 0 : (double)Requested.MemoryBytes / Allocatable.MemoryBytes;

    public int OverCapacityNodes => Nodes.Count(n => n.OverCapacity);
}
