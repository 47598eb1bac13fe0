namespace Edge.Controller.Store;

/// <summary>
/// A node group as an admin applied it (<c>kind: NodeGroup</c>): bounds, the template a new node
/// will look like, priority and cost for the expanders, and the name of a provider defined in the
/// controller's own configuration (never a command: that cannot be set through the API).
/// </summary>
public sealed class NodeGroupRecord
{
    /// <summary>The group name (the document id).</summary>
    public string Id { get; set; } = "";

    public int MinSize { get; set; }

    public int MaxSize { get; set; }

    public long CpuMillis { get; set; }

    public long MemoryBytes { get; set; }

    public Dictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    public List<TaintRecord> Taints { get; set; } = [];

    /// <summary>Replicas a new node takes at most; 0: no limit.</summary>
    public int MaxWorkloads { get; set; }

    /// <summary>Counted devices a new node advertises, by name.</summary>
    public Dictionary<string, long> ExtendedResources { get; set; } = new(StringComparer.Ordinal);

    public int Priority { get; set; }

    /// <summary>Cost of one node-hour, for the price expander.</summary>
    public double Cost { get; set; }

    /// <summary>A key of Controller:NodeAutoscaling:Providers.</summary>
    public string Provider { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    public bool SameSpecAs(NodeGroupRecord other) =>
        MinSize == other.MinSize && MaxSize == other.MaxSize && CpuMillis == other.CpuMillis && MemoryBytes == other.MemoryBytes
        && Priority == other.Priority && Cost.Equals(other.Cost) && Provider == other.Provider && MaxWorkloads == other.MaxWorkloads
        && ExtendedResources.Count == other.ExtendedResources.Count && ExtendedResources.All(kv => other.ExtendedResources.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && Labels.Count == other.Labels.Count && Labels.All(kv => other.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && Taints.Count == other.Taints.Count
        && Taints.Zip(other.Taints).All(p => p.First.Key == p.Second.Key && p.First.Value == p.Second.Value && p.First.Effect == p.Second.Effect);
}
