namespace Edge.Agent.Core;

/// <summary>What a workload's volume keeps (the manifest's <c>volumes[].kind</c>).</summary>
public enum VolumeKind
{
    /// <summary>Empty at each run or each start (<see cref="ScratchEmptyOn"/>); its data is never kept.</summary>
    Scratch,

    /// <summary>Kept across runs, agent restarts and module upgrades; removed or kept on delete by its <see cref="ReclaimPolicy"/>.</summary>
    Persistent,
}
