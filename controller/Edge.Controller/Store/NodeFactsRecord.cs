namespace Edge.Controller.Store;

/// <summary>A node's facts as its agent reported them in its last hello.</summary>
public sealed class NodeFactsRecord
{
    public string Arch { get; set; } = "";

    public string Os { get; set; } = "";

    public string OsDescription { get; set; } = "";

    public int CpuMillicores { get; set; }

    public long MemoryBytes { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public string AgentVersion { get; set; } = "";

    public string K3sNodeName { get; set; } = "";

    public string Hostname { get; set; } = "";

    /// <summary>Replicas the node takes at most (Agent:MaxWorkloads); 0: no limit.</summary>
    public int MaxWorkloads { get; set; }

    /// <summary>Counted devices the node advertises (Agent:ExtendedResources); empty when none.</summary>
    public Dictionary<string, long> ExtendedResources { get; set; } = [];

    public bool SameAs(NodeFactsRecord other) =>
        Arch == other.Arch && Os == other.Os && OsDescription == other.OsDescription
        && CpuMillicores == other.CpuMillicores && MemoryBytes == other.MemoryBytes
        && MaxWorkloads == other.MaxWorkloads && AgentVersion == other.AgentVersion && K3sNodeName == other.K3sNodeName && Hostname == other.Hostname
        && Labels.Count == other.Labels.Count
        && Labels.All(kv => other.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && ExtendedResources.Count == other.ExtendedResources.Count
        && ExtendedResources.All(kv => other.ExtendedResources.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
