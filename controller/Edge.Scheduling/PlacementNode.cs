namespace Edge.Scheduling;

/// <summary>What placement needs to know of a node.</summary>
public sealed record PlacementNode
{
    /// <summary>The label every node carries with its own name, for per-node anti-affinity and spread.</summary>
    public const string HostnameLabel = "edge.io/hostname";

    public required string Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<Taint> Taints { get; init; } = [];

    /// <summary>What replicas may request in total on this node.</summary>
    public ResourceAmount Allocatable { get; init; }

    /// <summary>Counted devices the node advertises (extended resources, "edge.io/gpu": 1); replicas request them whole, never overcommitted.</summary>
    public IReadOnlyDictionary<string, long> ExtendedResources { get; init; } = Empty;

    /// <summary>Replicas the node takes at most, of all workloads (Kubernetes' pods capacity); 0: no limit.</summary>
    public int MaxWorkloads { get; init; }

    /// <summary>A cordoned node keeps its replicas but takes no new ones.</summary>
    public bool Cordoned { get; init; }

    public NodeCondition Condition { get; init; } = NodeCondition.Ready;

    /// <summary>When <see cref="Condition"/> last changed; lostAfter counts from here.</summary>
    public DateTimeOffset ConditionSince { get; init; }

    internal static readonly IReadOnlyDictionary<string, long> Empty = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>The node's label value for a topology key; the node's name for <see cref="HostnameLabel"/>.</summary>
    public string? TopologyValue(string key) =>
        Labels.TryGetValue(key, out var value) ? value : key == HostnameLabel ? Name : null;
}
