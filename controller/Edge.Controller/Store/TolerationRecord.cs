using Edge.Scheduling;

namespace Edge.Controller.Store;

/// <summary>A workload's toleration of node taints.</summary>
public sealed class TolerationRecord
{
    public string Key { get; set; } = "";

    public TolerationOperator Operator { get; set; }

    public string Value { get; set; } = "";

    /// <summary>Null = every effect.</summary>
    public TaintEffect? Effect { get; set; }
}
