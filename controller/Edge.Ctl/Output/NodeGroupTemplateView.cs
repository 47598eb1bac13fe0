namespace Edge.Ctl.Output;

/// <summary>What a new node of a group offers and carries.</summary>
internal sealed record NodeGroupTemplateView(long CpuMillicores, long MemoryBytes, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Taints)
{
    /// <summary>Replicas a new node takes at most; 0: no limit.</summary>
    public int MaxWorkloads { get; init; }

    /// <summary>Counted devices a new node advertises, by name.</summary>
    public IReadOnlyDictionary<string, long> ExtendedResources { get; init; } = new Dictionary<string, long>();
}
