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
}
