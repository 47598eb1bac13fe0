namespace Edge.Scheduling;

/// <summary>Match expressions that must all hold (AND). A term without expressions matches no node, as in Kubernetes.</summary>
public sealed record NodeSelectorTerm(IReadOnlyList<NodeSelectorRequirement> MatchExpressions)
{
    public NodeSelectorTerm(params NodeSelectorRequirement[] matchExpressions)
        : this((IReadOnlyList<NodeSelectorRequirement>)matchExpressions)
    {
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        if (MatchExpressions.Count == 0)
        {
            return false;
        }

        foreach (var requirement in MatchExpressions)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }
}
