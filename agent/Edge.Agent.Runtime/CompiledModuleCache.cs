using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Edge.Agent.Core;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// Precompiled modules on disk, one file per module digest and engine settings,
/// so a restart or a second workload on the same module skips Cranelift.
/// A file is its payload's SHA-256 followed by Wasmtime's serialized module:
/// Wasmtime trusts what it deserializes, so damaged bytes must never reach it.
/// A damaged, foreign or stale file is compiled again, never fatal.
/// </summary>
internal sealed class CompiledModuleCache(string directory, string engineKey)
{
    private const string Extension = ".cwasm";
    private const int HashLength = 32;

    public string Directory { get; } = directory;

    /// <summary>Names the engine settings that make a serialized module loadable: Wasmtime version, CPU, features.</summary>
    public static string EngineKey(bool fuel)
    {
        var version = typeof(Engine).Assembly.GetName().Version;
        var text = $"wasmtime={version};arch={RuntimeInformation.ProcessArchitecture};epoch=1;fuel={(fuel ? 1 : 0)};grow-hook=1";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    public string PathOf(string digest) =>
        Path.Combine(Directory, $"{ModuleDigest.ToFileName(digest)}.{engineKey}{Extension}");

    /// <summary>The cached module, or null when there is none or it cannot be used (the file is then removed).</summary>
    public Module? TryLoad(Engine engine, string name, string digest, out string? problem)
    {
        problem = null;
        var path = PathOf(digest);
        byte[] content;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read {path}: {ex.Message}";
            return null;
        }

        if (content.Length <= HashLength || !SHA256.HashData(content.AsSpan(HashLength)).AsSpan().SequenceEqual(content.AsSpan(0, HashLength)))
        {
            problem = $"{path} is damaged (checksum mismatch)";
            Delete(path);
            return null;
        }

        try
        {
            return Module.Deserialize(engine, name, content.AsSpan(HashLength));
        }
        catch (WasmtimeException ex)
        {
            problem = $"{path} is not loadable by this engine: {WasmErrorText.Summarize(ex.Message)}";
            Delete(path);
            return null;
        }
    }

    /// <summary>Writes a module atomically; a failure to write is returned, not thrown: the cache is an optimisation.</summary>
    public string? TryStore(string digest, Module module)
    {
        var path = PathOf(digest);
        var temp = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var payload = module.Serialize();
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(SHA256.HashData(payload));
                file.Write(payload);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WasmtimeException)
        {
            Delete(temp);
            return $"cannot write {path}: {ex.Message}";
        }
    }

    /// <summary>Deletes every cached file that is not for one of <paramref name="digests"/> under this engine; returns how many.</summary>
    public int Collect(IReadOnlySet<string> digests)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var keep = digests.Select(PathOf).ToHashSet(StringComparer.Ordinal);
        var removed = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            if (!keep.Contains(file) && (file.EndsWith(Extension, StringComparison.Ordinal) || file.EndsWith(".tmp", StringComparison.Ordinal)) && Delete(file))
            {
                removed++;
            }
        }

        return removed;
    }

    private static bool Delete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
