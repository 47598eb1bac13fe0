using System.Text;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime.Tests;

/// <summary>
/// A runtime with a volumes directory, and the C guest of Guests/fs_guest.c compiled once per
/// test class. The volumes directory outlives a runtime, as a node's data directory does.
/// </summary>
internal sealed class VolumeHarness : IDisposable
{
    private static readonly Lazy<byte[]> Guest = new(() => ClangWasi.Compile("tests/Edge.Agent.Runtime.Tests/Guests/fs_guest.c"));

    private readonly string _modules = Path.Combine(Path.GetTempPath(), "edge-volume-modules-" + Guid.NewGuid().ToString("N"));

    public VolumeHarness()
    {
        Directory.CreateDirectory(_modules);
        Root = Path.Combine(Path.GetTempPath(), "edge-volumes-" + Guid.NewGuid().ToString("N"), "volumes");
        Runtime = NewRuntime();
    }

    /// <summary>The runtime's volumes directory.</summary>
    public string Root { get; }

    public RuntimeHarness Runtime { get; private set; }

    public static byte[] GuestModule => Guest.Value;

    /// <summary>Stops the runtime and starts a new one on the same volumes directory (an agent restart).</summary>
    public void Restart()
    {
        Runtime.Dispose();
        Runtime = NewRuntime();
    }

    /// <summary>A spec of the C guest with <paramref name="args"/>, an HTTP trigger (so it stays Running) and <paramref name="volumes"/>.</summary>
    public (WorkloadSpec Spec, string Path) Spec(string name, IReadOnlyList<string> args, IReadOnlyList<VolumeSpec> volumes, byte[]? module = null, IReadOnlyDictionary<string, string>? env = null)
    {
        var content = module ?? Guest.Value;
        var digest = ModuleDigest.Of(content);
        var path = System.IO.Path.Combine(_modules, ModuleDigest.ToFileName(digest) + ".wasm");
        File.WriteAllBytes(path, content);
        return (new WorkloadSpec
        {
            Name = name,
            ModuleDigest = digest,
            ModuleSizeBytes = content.Length,
            Args = args,
            Env = env ?? new Dictionary<string, string>(),
            Volumes = volumes,
            Triggers = [new TriggerSpec { Kind = TriggerKind.Http }],
        }, path);
    }

    public async Task<WorkloadStatus> StartAsync((WorkloadSpec Spec, string Path) workload) =>
        await Runtime.Runtime.StartAsync(workload.Spec, workload.Path, CancellationToken.None).WaitAsync(RuntimeHarness.Bound);

    public async Task<InvocationResult> InvokeAsync(string name, string stdin = "") =>
        await Runtime.InvokeAsync(name, stdin);

    /// <summary>The host directory of a workload's volume (default tenant unless NAME.TENANT).</summary>
    public string HostPath(string workload, string volume) =>
        System.IO.Path.Combine(Volumes.WorkloadVolumes.HomeOf(Root, workload), volume);

    public static string Stdout(InvocationResult result) => Encoding.UTF8.GetString(result.Stdout.Span);

    /// <summary>The same guest under another digest (a custom section appended): a module upgrade.</summary>
    public static byte[] Upgraded(string tag)
    {
        var name = Encoding.UTF8.GetBytes(tag);
        return [.. Guest.Value, 0, (byte)(name.Length + 1), (byte)name.Length, .. name];
    }

    public static VolumeSpec Persistent(string name = "data", string mountPath = "/data", long size = 1024 * 1024, ReclaimPolicy reclaim = ReclaimPolicy.Delete, bool readOnly = false) =>
        new() { Name = name, Kind = VolumeKind.Persistent, MountPath = mountPath, SizeBytes = size, ReclaimPolicy = reclaim, ReadOnly = readOnly };

    public static VolumeSpec Scratch(ScratchEmptyOn emptyOn, string name = "tmp", string mountPath = "/tmp", long size = 1024 * 1024) =>
        new() { Name = name, Kind = VolumeKind.Scratch, MountPath = mountPath, SizeBytes = size, EmptyOn = emptyOn };

    public void Dispose()
    {
        Runtime.Dispose();
        Directory.Delete(_modules, recursive: true);
        var data = System.IO.Path.GetDirectoryName(Root)!;
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private RuntimeHarness NewRuntime() => new(new WasmRuntimeOptions { VolumesDirectory = Root }, TimeProvider.System);
}
