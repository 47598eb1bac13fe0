namespace Edge.Controller.Store;

/// <summary>Go to the domains of <see cref="TopologyKey"/> that run one of <see cref="Workloads"/>; <see cref="Weight"/> for a preferred term.</summary>
public sealed class WorkloadAffinityRecord
{
    public List<string> Workloads { get; set; } = [];

    public string TopologyKey { get; set; } = "";

    /// <summary>1 to 100 for a preferred term; 0 for a required one.</summary>
    public int Weight { get; set; }
}
