using System.Globalization;

namespace Edge.Controller.Store;

/// <summary>One volume of a workload as applied (the agent's words: kind scratch|persistent, emptyOn run|start, reclaimPolicy Delete|Retain).</summary>
public sealed class WorkloadVolumeRecord
{
    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string MountPath { get; set; } = "";

    public long SizeBytes { get; set; }

    public bool ReadOnly { get; set; }

    public string EmptyOn { get; set; } = "";

    public string ReclaimPolicy { get; set; } = "";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"volume {Name} {Kind} {MountPath} size={SizeBytes} readOnly={ReadOnly} emptyOn={EmptyOn} reclaim={ReclaimPolicy}");
}
