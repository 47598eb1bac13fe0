namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of a workload.</summary>
internal sealed record WorkloadView(
    string Name,
    string ModuleDigest,
    IReadOnlyDictionary<string, string> NodeSelector,
    int NodesTargeted,
    int NodesRunning);
