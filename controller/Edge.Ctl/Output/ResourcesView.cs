namespace Edge.Ctl.Output;

/// <summary>A reservation per replica, as quantities for people and as numbers for scripts.</summary>
internal sealed record ResourcesView(string Cpu, string Memory, long CpuMillicores, long MemoryBytes);
