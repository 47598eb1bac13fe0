namespace Edge.Ctl.Manifests;

/// <summary>A manifest with its module read from disk, ready to send.</summary>
internal sealed record LoadedWorkload(WorkloadManifest Manifest, string ModulePath, ReadOnlyMemory<byte> ModuleBytes);
