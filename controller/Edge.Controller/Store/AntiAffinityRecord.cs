namespace Edge.Controller.Store;

/// <summary>Keep away from the domains of <see cref="TopologyKey"/> that run one of <see cref="Workloads"/>.</summary>
public sealed class AntiAffinityRecord
{
    public List<string> Workloads { get; set; } = [];

    public string TopologyKey { get; set; } = "";
}
