namespace Edge.Controller.Store;

/// <summary>A workload's instance pool settings as applied; null fields = the agent's defaults.</summary>
public sealed class WorkloadPoolRecord
{
    public int? MinWarm { get; set; }

    public int? MaxConcurrency { get; set; }

    public int? MaxQueue { get; set; }

    /// <summary>0 = the agent's default.</summary>
    public long IdleAfterMs { get; set; }

    public override string ToString() => $"pool minWarm={MinWarm} maxConcurrency={MaxConcurrency} maxQueue={MaxQueue} idleAfterMs={IdleAfterMs}";
}
