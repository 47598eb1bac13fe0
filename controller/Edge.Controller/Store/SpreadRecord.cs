using Edge.Scheduling;

namespace Edge.Controller.Store;

/// <summary>A topology spread constraint.</summary>
public sealed class SpreadRecord
{
    public string TopologyKey { get; set; } = "";

    public int MaxSkew { get; set; } = 1;

    public UnsatisfiableAction WhenUnsatisfiable { get; set; }
}
