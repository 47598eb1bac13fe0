using Edge.Scheduling;

namespace Edge.Controller.Store;

/// <summary>One match expression of a node affinity term.</summary>
public sealed class SelectorRequirementRecord
{
    public string Key { get; set; } = "";

    public SelectorOperator Operator { get; set; }

    public List<string> Values { get; set; } = [];

    public override string ToString() => $"{Key} {Operator} ({string.Join(",", Values)})";
}
