using Edge.Agent.Core;

namespace Edge.Agent.State;

/// <summary>
/// Modules on disk, one file per sha256 digest. A file is written under a
/// temporary name, flushed, checked against its digest and renamed, so a
/// crash never leaves a half module under its final name.
/// </summary>
internal sealed class ModuleCache
{
    public ModuleCache(string dataDir)
    {
        Directory = System.IO.Path.Combine(dataDir, "modules");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string digest) => System.IO.Path.Combine(Directory, ModuleDigest.ToFileName(digest) + ".wasm");

    /// <summary>True when the module is present and its bytes still match its digest.</summary>
    public bool HasValid(string digest)
    {
        var path = PathOf(digest);
        if (!File.Exists(path))
        {
            return false;
        }

        if (ModuleDigest.Of(File.ReadAllBytes(path)) == digest)
        {
            return true;
        }

        File.Delete(path); // damaged on disk: fetch it again
        return false;
    }

    /// <summary>Writes a module atomically after checking its digest; throws naming a mismatch.</summary>
    public async Task<string> StoreAsync(string digest, byte[] content, CancellationToken cancellationToken)
    {
        var actual = ModuleDigest.Of(content);
        if (actual != digest)
        {
            throw new InvalidDataException($"module download does not match its digest: expected {digest}, got {actual}");
        }

        var path = PathOf(digest);
        var temp = path + $".{Environment.ProcessId}.tmp";
        await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(content, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Deletes module files whose digest is not in <paramref name="digestsInUse"/>; returns how many.</summary>
    public int Collect(IReadOnlySet<string> digestsInUse)
    {
        var keep = digestsInUse.Select(PathOf).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "sha256-*.wasm"))
        {
            if (keep.Contains(file))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Still in use or read-only: the next collection tries again.
            }
        }

        return removed;
    }
}
