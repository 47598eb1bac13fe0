namespace Edge.Scheduling;

/// <summary>What placement needs to know of a workload.</summary>
public sealed record PlacementWorkload
{
    public required string Name { get; init; }

    /// <summary>Labels a node must carry, all of them; empty matches every node.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();
}
