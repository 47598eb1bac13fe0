using Edge.Scheduling;

namespace Edge.Controller.Store;

/// <summary>A topology spread constraint.</summary>
public sealed class SpreadRecord
{
    public string TopologyKey { get; set; } = "";

    public int MaxSkew { get; set; } = 1;

    public UnsatisfiableAction WhenUnsatisfiable { get; set; }

    /// <summary>0 (a record from before the field) or 1: no minimum.</summary>
    public int MinDomains { get; set; }

    /// <summary>Honor or Ignore; empty (a record from before the field) is the default, Honor.</summary>
    public string NodeAffinityPolicy { get; set; } = "";

    /// <summary>Honor or Ignore; empty (a record from before the field) is the default, Ignore.</summary>
    public string NodeTaintsPolicy { get; set; } = "";

    public TopologySpreadConstraint ToConstraint() => new(TopologyKey, MaxSkew, WhenUnsatisfiable)
    {
        MinDomains = Math.Max(1, MinDomains),
        NodeAffinityPolicy = NodeAffinityPolicy.Length == 0 ? NodeInclusionPolicy.Honor : Enum.Parse<NodeInclusionPolicy>(NodeAffinityPolicy),
        NodeTaintsPolicy = NodeTaintsPolicy.Length == 0 ? NodeInclusionPolicy.Ignore : Enum.Parse<NodeInclusionPolicy>(NodeTaintsPolicy),
    };
}
