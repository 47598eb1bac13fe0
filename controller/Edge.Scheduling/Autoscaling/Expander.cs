namespace Edge.Scheduling.Autoscaling;

/// <summary>How the node autoscaler picks among groups that could help, as Cluster Autoscaler's --expander (chainable).</summary>
public enum Expander
{
    /// <summary>Least idle CPU plus memory on the new nodes, as fractions.</summary>
    LeastWaste,

    /// <summary>Most pending replicas placed.</summary>
    MostPods,

    /// <summary>Highest <see cref="NodeGroup.Priority"/>.</summary>
    Priority,

    /// <summary>Lowest cost per placed replica.</summary>
    Price,

    /// <summary>Any one, from the seeded random source.</summary>
    Random,

    /// <summary>Fewest new nodes for the replicas it places (cluster-autoscaler's least-nodes); an option adding none is never best.</summary>
    LeastNodes,
}
