namespace Edge.FleetSim;

/// <summary>
/// A workload a simulated node "runs": its module digest, a key of its whole spec (a changed spec
/// restarts it), since when, and whether it is only held cold (scale to zero: nothing started).
/// </summary>
internal sealed record SimWorkload(string Name, string Digest, string SpecKey, DateTimeOffset Since, bool Cold = false);
