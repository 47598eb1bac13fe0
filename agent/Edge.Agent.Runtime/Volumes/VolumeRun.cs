using Wasmtime;

namespace Edge.Agent.Runtime.Volumes;

/// <summary>
/// One run of a workload with volumes: its preopens and standard streams configured through
/// Wasmtime's WASI, and after it, the volumes measured and its per-run files removed.
/// </summary>
internal sealed class VolumeRun
{
    // WASI stdin in this binding is a file only; Wasmtime opens it when the configuration is
    // applied, so the file can go right after the run. tmpfs when there is one.
    private static readonly string StdinDirectory = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    private readonly WorkloadVolumes _volumes;
    private readonly GuestRun _run;
    private readonly string? _stdinPath;
    private string[] _runDirectories = [];

    private VolumeRun(WorkloadVolumes volumes, GuestRun run, string? stdinPath)
    {
        _volumes = volumes;
        _run = run;
        _stdinPath = stdinPath;
    }

    /// <summary>Stops the guest at its next epoch check (its volume went over its size meanwhile).</summary>
    public void Stop(string reason) => _run.Stop(reason);

    /// <summary>Adds the run's preopens, output callbacks into <paramref name="run"/>, and <paramref name="stdin"/> as a file when there is a body.</summary>
    public static VolumeRun Begin(WorkloadVolumes volumes, WasiConfiguration wasi, GuestRun run, ReadOnlyMemory<byte> stdin)
    {
        wasi.WithStandardOutputCallback(run.Stdout.Append).WithStandardErrorCallback(run.Stderr.Append);
        string? stdinPath = null;
        if (!stdin.IsEmpty)
        {
            stdinPath = Path.Combine(StdinDirectory, $"edge-stdin-{Guid.NewGuid():N}");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new FileStream(stdinPath, options))
            {
                file.Write(stdin.Span);
            }

            wasi.WithStandardInput(stdinPath);
        }

        var volumeRun = new VolumeRun(volumes, run, stdinPath);
        volumeRun._runDirectories = volumes.BeginRun(wasi);
        volumes.Watch(volumeRun, volumeRun._runDirectories);
        return volumeRun;
    }

    /// <summary>
    /// After the guest stopped: the run's answer, made <see cref="InvocationOutcome.QuotaExceeded"/>
    /// when it ended well but left a volume over its size, or was stopped for it while it ran.
    /// </summary>
    public InvocationResult End(InvocationResult result)
    {
        if (_stdinPath is not null)
        {
            try
            {
                File.Delete(_stdinPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // a leftover file in the temp directory is not worth failing a finished run for
            }
        }

        _volumes.Unwatch(this);
        var refusal = _volumes.EndRun(_runDirectories);
        return refusal is not null && (result.Succeeded || _run.StoppedBecause is not null)
            ? result with { Outcome = InvocationOutcome.QuotaExceeded, ExitCode = null, Error = refusal }
            : result;
    }
}
