namespace Edge.Ctl.Manifests;

/// <summary>Reads a manifest file and the modules it names; all checks run before anything is sent.</summary>
internal static class ManifestLoader
{
    private static readonly byte[] WasmMagic = [0x00, 0x61, 0x73, 0x6d];

    public static async Task<ManifestResult<LoadedWorkload>> LoadAsync(string path, CancellationToken cancellationToken) =>
        (await LoadAllAsync(path, cancellationToken).ConfigureAwait(false)).Workloads;

    /// <summary>The file's workloads with their modules, and its tenants (none unless everything is valid).</summary>
    public static async Task<(ManifestResult<LoadedWorkload> Workloads, IReadOnlyList<TenantManifest> Tenants)> LoadAllAsync(string path, CancellationToken cancellationToken)
    {
        var (workloads, tenants, _, _) = await LoadEveryKindAsync(path, cancellationToken).ConfigureAwait(false);
        return (workloads, tenants);
    }

    /// <summary>The file's workloads with their modules, its tenants, autoscalers and node groups (none unless everything is valid).</summary>
    public static async Task<(ManifestResult<LoadedWorkload> Workloads, IReadOnlyList<TenantManifest> Tenants, IReadOnlyList<AutoscalerManifest> Autoscalers, IReadOnlyList<NodeGroupManifest> NodeGroups)> LoadEveryKindAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (text, readError) = await BoundedYaml.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return (ManifestResult<LoadedWorkload>.Failure(new ManifestError(path, null, string.Empty, readError!)), [], [], []);
        }

        var (parsed, tenants, autoscalers, nodeGroups) = WorkloadManifestParser.ParseEveryKind(text, path);
        if (!parsed.IsValid)
        {
            return (ManifestResult<LoadedWorkload>.Failure(parsed.Errors), [], [], []);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        var loaded = new List<LoadedWorkload>();
        var errors = new List<ManifestError>();
        foreach (var manifest in parsed.Items)
        {
            var modulePath = Path.GetFullPath(manifest.Module, directory);
            var problem = await ReadModuleAsync(manifest, modulePath, loaded, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                errors.Add(new ManifestError(path, manifest.ModuleLocation, "spec.module", problem));
            }
        }

        return errors.Count > 0
            ? (ManifestResult<LoadedWorkload>.Failure(errors), [], [], [])
            : (ManifestResult<LoadedWorkload>.Success(loaded), tenants, autoscalers, nodeGroups);
    }

    private static async Task<string?> ReadModuleAsync(
        WorkloadManifest manifest,
        string modulePath,
        List<LoadedWorkload> loaded,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(modulePath))
        {
            return $"\"{manifest.Module}\" is a directory, not a module file";
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(modulePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"module file \"{manifest.Module}\" not found (looked for {modulePath})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read module file \"{manifest.Module}\": {ex.Message}";
        }

        if (bytes.Length == 0)
        {
            return $"module file \"{manifest.Module}\" is empty";
        }

        if (Path.GetExtension(modulePath).Equals(".wasm", StringComparison.OrdinalIgnoreCase)
            && !bytes.AsSpan().StartsWith(WasmMagic))
        {
            return $"\"{manifest.Module}\" is not a WebAssembly binary (no \\0asm header); name text modules .wat";
        }

        loaded.Add(new LoadedWorkload(manifest, modulePath, bytes));
        return null;
    }
}
