namespace Edge.Agent.Core;

/// <summary>When a scratch volume starts empty (the manifest's <c>volumes[].emptyOn</c>).</summary>
public enum ScratchEmptyOn
{
    /// <summary>Every run gets an empty directory of its own, removed after the run.</summary>
    Run,

    /// <summary>Emptied when the workload starts on the node (a deploy, an upgrade, an agent restart); its runs share it.</summary>
    Start,
}
