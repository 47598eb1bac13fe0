namespace Edge.Agent.Core;

/// <summary>A node's whole desired state at one version. Versions only move forward.</summary>
public sealed record DesiredState
{
    public static readonly DesiredState Empty = new() { Version = 0, Workloads = [] };

    public required long Version { get; init; }

    public required IReadOnlyList<WorkloadSpec> Workloads { get; init; }
}
