using System.Collections.Concurrent;
using Edge.Agent.Core;
using Wasmtime;

namespace Edge.Agent.Runtime.Volumes;

/// <summary>
/// One workload's volumes on this node: directories under
/// <c>&lt;root&gt;/&lt;tenant&gt;/&lt;workload&gt;/&lt;volume&gt;</c>, each 0700, preopened for every run at
/// the volume's guest path. Wasmtime's WASI resolves every guest path inside its preopen (no
/// <c>..</c>, absolute path or symbolic link leads out), so a guest reaches these directories
/// and nothing else. Quotas are not left to the guest: after every run the directories are
/// measured (<see cref="VolumeUsage"/>), and once one holds more than its size the run is
/// answered <see cref="InvocationOutcome.QuotaExceeded"/> and every later run is refused, the
/// workload reported Failed with the reason, until it is restarted under a larger size (or its
/// data removed). While runs are in flight the directories are also measured every
/// <see cref="WatchPeriod"/>, and a run that fills one is stopped at its next epoch check: a bound
/// during the run on what the guest can write past its size (its write speed times the period).
/// </summary>
internal sealed class WorkloadVolumes
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>How often the volumes of a workload with runs in flight are measured.</summary>
    public static readonly TimeSpan WatchPeriod = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<Mount> _mounts;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<VolumeRun, string[]> _inFlight = new();
    private readonly Lock _watchGate = new();
    private ITimer? _watch;
    private string? _refusal;
    private int _refusalReported;
    private long _runs;

    private WorkloadVolumes(IReadOnlyList<Mount> mounts, TimeProvider time)
    {
        _mounts = mounts;
        _time = time;
    }

    /// <summary>Null for a workload without volumes.</summary>
    public static WorkloadVolumes? For(WorkloadSpec spec, string? root, TimeProvider time)
    {
        if (spec.Volumes.Count == 0)
        {
            return null;
        }

        var home = root is { Length: > 0 } ? HomeOf(root, spec.Name) : null;
        return new WorkloadVolumes([.. spec.Volumes.Select(v => new Mount(v, home is null ? "" : Path.Combine(home, v.Name)))], time);
    }

    /// <summary><c>&lt;root&gt;/&lt;tenant&gt;/&lt;workload&gt;</c>: a node name is NAME for the default tenant, NAME.TENANT for the others.</summary>
    public static string HomeOf(string root, string workload)
    {
        var dot = workload.IndexOf('.', StringComparison.Ordinal);
        var (name, tenant) = dot < 0 ? (workload, "default") : (workload[..dot], workload[(dot + 1)..]);
        return Path.Combine(root, tenant, name);
    }

    /// <summary>Why runs are refused (a volume over its quota); null while they are not.</summary>
    public string? Refusal => Volatile.Read(ref _refusal);

    /// <summary>True once, the first time this is asked after runs began to be refused (the status is then reported).</summary>
    public bool TakeRefusalNews() => Volatile.Read(ref _refusal) is not null && Interlocked.Exchange(ref _refusalReported, 1) == 0;

    /// <summary>
    /// Makes the directories (0700) as the workload starts: a start-scratch volume is emptied, left
    /// per-run directories are removed; then checks each persistent volume against its size.
    /// Null when runs may begin, else why not.
    /// </summary>
    public string? Open()
    {
        if (_mounts.Any(m => m.HostPath.Length == 0))
        {
            return "volumes: this agent keeps no volumes (it has no data directory configured)";
        }

        try
        {
            foreach (var mount in _mounts)
            {
                if (mount.Spec.Kind == VolumeKind.Scratch && Directory.Exists(mount.HostPath))
                {
                    Directory.Delete(mount.HostPath, recursive: true);
                }

                MakePrivate(mount.HostPath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"volumes: cannot prepare its directories: {ex.Message}";
        }

        return Check(runDirectories: null);
    }

    /// <summary>Adds each volume's preopen to <paramref name="wasi"/>; a run-scratch volume gets a fresh directory for this run (returned, to end with <see cref="EndRun"/>).</summary>
    public string[] BeginRun(WasiConfiguration wasi)
    {
        var runDirectories = new string[_mounts.Count];
        var run = Interlocked.Increment(ref _runs);
        for (var i = 0; i < _mounts.Count; i++)
        {
            var mount = _mounts[i];
            var path = mount.HostPath;
            if (mount.Spec is { Kind: VolumeKind.Scratch, EmptyOn: ScratchEmptyOn.Run })
            {
                path = Path.Combine(mount.HostPath, $"run-{Environment.ProcessId}-{run}");
                MakePrivate(path);
                runDirectories[i] = path;
            }

            wasi.WithPreopenedDirectory(path, mount.Spec.MountPath, mutable: !mount.Spec.ReadOnly);
        }

        return runDirectories;
    }

    /// <summary>
    /// After a run: measures what it may have written, removes its run-scratch directories, and
    /// returns the quota refusal when a volume holds more than its size (runs are refused from now on).
    /// </summary>
    public string? EndRun(string[] runDirectories)
    {
        var refusal = Volatile.Read(ref _refusal) ?? Check(runDirectories);
        foreach (var path in runDirectories)
        {
            if (path is not null)
            {
                TryDelete(path);
            }
        }

        if (refusal is not null)
        {
            Interlocked.CompareExchange(ref _refusal, refusal, null);
        }

        return refusal;
    }

    /// <summary>Measures the volumes every <see cref="WatchPeriod"/> while <paramref name="run"/> is in flight.</summary>
    public void Watch(VolumeRun run, string[] runDirectories)
    {
        _inFlight[run] = runDirectories;
        lock (_watchGate)
        {
            _watch ??= _time.CreateTimer(static state => ((WorkloadVolumes)state!).OnWatch(), this, WatchPeriod, WatchPeriod);
        }
    }

    /// <summary><paramref name="run"/> ended; the last run to end stops the measuring.</summary>
    public void Unwatch(VolumeRun run)
    {
        _inFlight.TryRemove(run, out _);
        lock (_watchGate)
        {
            if (_inFlight.IsEmpty && _watch is { } watch)
            {
                watch.Dispose();
                _watch = null;
            }
        }
    }

    private void OnWatch()
    {
        foreach (var runDirectories in _inFlight.Values)
        {
            if (Check(runDirectories) is { } refusal)
            {
                Interlocked.CompareExchange(ref _refusal, refusal, null);
                break;
            }
        }

        if (Volatile.Read(ref _refusal) is { } reason)
        {
            foreach (var run in _inFlight.Keys)
            {
                run.Stop(reason);
            }
        }
    }

    /// <summary>Removes the directories of persistent volumes whose policy is Delete, and all scratch; Retain keeps its data.</summary>
    public static void Reclaim(WorkloadSpec spec, string root)
    {
        var home = HomeOf(root, spec.Name);
        foreach (var volume in spec.Volumes.Where(v => v.Kind == VolumeKind.Scratch || v.ReclaimPolicy == ReclaimPolicy.Delete))
        {
            TryDelete(Path.Combine(home, volume.Name));
        }

        try
        {
            if (Directory.Exists(home) && !Directory.EnumerateFileSystemEntries(home).Any())
            {
                Directory.Delete(home);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // another volume was retained, or it is being made again: left as it is
        }
    }

    private string? Check(string[]? runDirectories)
    {
        for (var i = 0; i < _mounts.Count; i++)
        {
            var mount = _mounts[i];
            if (mount.Spec.ReadOnly)
            {
                continue; // nothing the guest did can grow it
            }

            var path = runDirectories?[i] ?? (mount.Spec is { Kind: VolumeKind.Scratch, EmptyOn: ScratchEmptyOn.Run } ? null : mount.HostPath);
            if (path is null)
            {
                continue;
            }

            var used = VolumeUsage.Measure(path, stopAbove: mount.Spec.SizeBytes);
            if (used > mount.Spec.SizeBytes)
            {
                return $"quota: volume '{mount.Spec.Name}' ({mount.Spec.MountPath}) holds at least {used} bytes, over its sizeBytes {mount.Spec.SizeBytes}; runs are refused until it is given a larger size or its data is removed";
            }
        }

        return null;
    }

    private static void MakePrivate(string path)
    {
        // Every level the agent makes is owner-only; a level that exists is made so too.
        var parent = Path.GetDirectoryName(path);
        if (parent is not null && !Directory.Exists(parent))
        {
            MakePrivate(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }

        File.SetUnixFileMode(path, OwnerOnly);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                // Unlinks symbolic links found inside instead of following them.
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover directory is removed at the workload's next start.
        }
    }

    private sealed record Mount(VolumeSpec Spec, string HostPath);
}
