namespace Edge.Agent.Core;

/// <summary>
/// One directory a workload's guest sees at <see cref="MountPath"/> (a WASI preopen). Its data
/// lives on the node under the agent's data directory, never shared with another workload.
/// </summary>
public sealed record VolumeSpec
{
    /// <summary>A DNS label, unique in the workload: the directory's name on the node.</summary>
    public required string Name { get; init; }

    public VolumeKind Kind { get; init; } = VolumeKind.Scratch;

    /// <summary>The absolute guest path the directory is preopened at, e.g. <c>/data</c>.</summary>
    public required string MountPath { get; init; }

    /// <summary>Most bytes the directory may hold (files rounded up to 4 KiB blocks, each directory one block).</summary>
    public long SizeBytes { get; init; }

    /// <summary>The guest may read but not create, write, rename or remove anything under it.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Scratch only: when it starts empty.</summary>
    public ScratchEmptyOn EmptyOn { get; init; } = ScratchEmptyOn.Run;

    /// <summary>Persistent only: what happens to its data when the workload leaves the node.</summary>
    public ReclaimPolicy ReclaimPolicy { get; init; } = ReclaimPolicy.Delete;
}
