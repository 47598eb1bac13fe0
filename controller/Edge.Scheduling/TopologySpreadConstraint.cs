namespace Edge.Scheduling;

/// <summary>
/// Spreads a workload's own replicas over the domains of <see cref="TopologyKey"/> (zone, site),
/// as Kubernetes topologySpreadConstraints: skew = replicas in a domain − replicas in the
/// least loaded eligible domain. Replicas count only on nodes the policies include
/// (<see cref="NodeAffinityPolicy"/>, <see cref="NodeTaintsPolicy"/>) that carry every
/// DoNotSchedule key of the workload; a domain is eligible when such a node is Ready and not
/// cordoned. With fewer eligible domains than <see cref="MinDomains"/> the least count is 0.
/// </summary>
public sealed record TopologySpreadConstraint(string TopologyKey, int MaxSkew, UnsatisfiableAction WhenUnsatisfiable)
{
    /// <summary>DoNotSchedule only: below this many eligible domains the global minimum is taken as 0. 1 (the default) changes nothing.</summary>
    public int MinDomains { get; init; } = 1;

    /// <summary>Honor (default): nodes the workload's selector and required affinity exclude do not count.</summary>
    public NodeInclusionPolicy NodeAffinityPolicy { get; init; } = NodeInclusionPolicy.Honor;

    /// <summary>Ignore (default): tainted nodes count; Honor: nodes with a NoSchedule/NoExecute taint the workload does not tolerate do not.</summary>
    public NodeInclusionPolicy NodeTaintsPolicy { get; init; } = NodeInclusionPolicy.Ignore;
}
