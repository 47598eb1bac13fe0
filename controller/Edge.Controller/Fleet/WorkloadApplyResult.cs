namespace Edge.Controller.Fleet;

/// <summary>What an apply did: whether the spec changed, and where its replicas stand now.</summary>
internal sealed record WorkloadApplyResult(bool Changed, int NodesTargeted)
{
    public int ReplicasDesired { get; init; }

    public int ReplicasPlaced { get; init; }

    /// <summary>Why replicas fit nowhere ("0/3 nodes fit: ..."); null when all are placed.</summary>
    public string? Unplaced { get; init; }
}
