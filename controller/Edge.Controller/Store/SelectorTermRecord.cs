namespace Edge.Controller.Store;

/// <summary>A node affinity term: match expressions that must all hold.</summary>
public sealed class SelectorTermRecord
{
    public List<SelectorRequirementRecord> MatchExpressions { get; set; } = [];

    public override string ToString() => string.Join(" && ", MatchExpressions);
}
