namespace Edge.Scheduling;

/// <summary>Which workloads each node should run, and why the others should not.</summary>
public sealed record PlacementDecision
{
    /// <summary>Node name → names of the workloads it should run, sorted.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> WorkloadsByNode { get; init; }

    /// <summary>(workload, node) pairs left out, each with its reason.</summary>
    public required IReadOnlyList<PlacementRejection> Rejections { get; init; }
}

public sealed record PlacementRejection(string Workload, string Node, string Reason);
