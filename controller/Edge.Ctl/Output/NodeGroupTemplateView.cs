namespace Edge.Ctl.Output;

/// <summary>What a new node of a group offers and carries.</summary>
internal sealed record NodeGroupTemplateView(long CpuMillicores, long MemoryBytes, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Taints);
