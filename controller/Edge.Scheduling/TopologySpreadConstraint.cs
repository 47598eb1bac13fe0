namespace Edge.Scheduling;

/// <summary>
/// Spreads a workload's own replicas over the domains of <see cref="TopologyKey"/> (zone, site),
/// as Kubernetes topologySpreadConstraints: skew = replicas in a domain − replicas in the
/// least loaded eligible domain, where eligible domains are those with a node the workload
/// could run on (filters other than resources, spread and anti-affinity).
/// </summary>
public sealed record TopologySpreadConstraint(string TopologyKey, int MaxSkew, UnsatisfiableAction WhenUnsatisfiable);
