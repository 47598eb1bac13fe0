namespace Edge.FleetSim;

/// <summary>A workload a simulated node "runs": its module digest, a key of its whole spec (a changed spec restarts it), and since when.</summary>
internal sealed record SimWorkload(string Name, string Digest, string SpecKey, DateTimeOffset Since);
