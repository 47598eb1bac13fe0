namespace Edge.Scheduling;

/// <summary>Node affinity as Kubernetes: required terms are ORed, each term's expressions ANDed.</summary>
public sealed record NodeAffinity
{
    /// <summary>A node must match at least one term; empty means no requirement.</summary>
    public IReadOnlyList<NodeSelectorTerm> Required { get; init; } = [];

    public IReadOnlyList<PreferredSchedulingTerm> Preferred { get; init; } = [];

    public bool RequiredMatches(IReadOnlyDictionary<string, string> labels)
    {
        if (Required.Count == 0)
        {
            return true;
        }

        foreach (var term in Required)
        {
            if (term.Matches(labels))
            {
                return true;
            }
        }

        return false;
    }
}
