using Edge.Scheduling;

namespace Edge.Controller.Store;

/// <summary>A taint an admin put on a node.</summary>
public sealed class TaintRecord
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";

    public TaintEffect Effect { get; set; }
}
