namespace Edge.Controller.Store;

/// <summary>A workload's per-invocation limits as applied; zero = the agent's defaults.</summary>
public sealed class WorkloadLimitsRecord
{
    public long TimeoutMs { get; set; }

    public long Fuel { get; set; }

    public long MemoryBytes { get; set; }

    public int MaxOutputBytes { get; set; }

    public WorkloadLimitsRecord Copy() => (WorkloadLimitsRecord)MemberwiseClone();

    public override string ToString() => $"limits timeoutMs={TimeoutMs} fuel={Fuel} memoryBytes={MemoryBytes} maxOutputBytes={MaxOutputBytes}";
}
