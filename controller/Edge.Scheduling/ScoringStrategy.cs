namespace Edge.Scheduling;

public enum ScoringStrategy
{
    /// <summary>Most allocated first: fill nodes, keep others empty (Kubernetes MostAllocated).</summary>
    Binpack,

    /// <summary>Least allocated first: even load (Kubernetes LeastAllocated).</summary>
    Spread,
}
