namespace Edge.Scheduling;

/// <summary>What placement needs to know of a node.</summary>
public sealed record PlacementNode
{
    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
