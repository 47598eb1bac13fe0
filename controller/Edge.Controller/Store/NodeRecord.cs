namespace Edge.Controller.Store;

/// <summary>What the fleet store keeps of a node: what must survive a restart, never per-heartbeat state.</summary>
public sealed class NodeRecord
{
    /// <summary>The node name (the document id).</summary>
    public string Id { get; set; } = "";

    public NodeFactsRecord Facts { get; set; } = new();

    public DateTimeOffset FirstSeen { get; set; }

    /// <summary>The version of the desired state last computed for the node; only moves forward.</summary>
    public long DesiredVersion { get; set; }

    /// <summary>A hash of the desired workloads at <see cref="DesiredVersion"/>, to tell a real change.</summary>
    public string DesiredHash { get; set; } = "";

    /// <summary>Labels an admin set (edgectl nodes label); they win over the agent's.</summary>
    public Dictionary<string, string> AdminLabels { get; set; } = [];

    /// <summary>Agent labels an admin removed.</summary>
    public List<string> RemovedLabels { get; set; } = [];

    public List<TaintRecord> Taints { get; set; } = [];

    /// <summary>No new replicas are placed on a cordoned node.</summary>
    public bool Cordoned { get; set; }

    /// <summary>Its replicas are being moved away (it is cordoned too).</summary>
    public bool Draining { get; set; }

    /// <summary>A copy to store outside the fleet lock: scalars and facts (replaced, never changed) shared, collections copied.</summary>
    public NodeRecord Copy()
    {
        var copy = (NodeRecord)MemberwiseClone();
        copy.AdminLabels = new Dictionary<string, string>(AdminLabels, StringComparer.Ordinal);
        copy.RemovedLabels = [.. RemovedLabels];
        copy.Taints = [.. Taints];
        return copy;
    }

    /// <summary>The agent's labels with the admin's changes applied.</summary>
    public Dictionary<string, string> EffectiveLabels()
    {
        var labels = new Dictionary<string, string>(Facts.Labels, StringComparer.Ordinal);
        foreach (var key in RemovedLabels)
        {
            labels.Remove(key);
        }

        foreach (var (key, value) in AdminLabels)
        {
            labels[key] = value;
        }

        return labels;
    }
}
