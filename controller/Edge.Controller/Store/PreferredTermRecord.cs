namespace Edge.Controller.Store;

/// <summary>A preferred node affinity term and its weight (1-100).</summary>
public sealed class PreferredTermRecord
{
    public int Weight { get; set; }

    public SelectorTermRecord Term { get; set; } = new();
}
