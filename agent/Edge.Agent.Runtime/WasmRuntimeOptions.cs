namespace Edge.Agent.Runtime;

/// <summary>Limits applied to every guest run, and how often the epoch clock ticks.</summary>
public sealed record WasmRuntimeOptions
{
    public const int DefaultTimeoutSeconds = 10;
    public const long DefaultMaxMemoryBytes = 64L * 1024 * 1024;
    public const int DefaultMaxOutputBytes = 1024 * 1024;
    public const int DefaultEpochTickMilliseconds = 2;

    /// <summary>Wall-clock budget of one run of <c>_start</c> (instantiation included).</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>Cap on each linear memory of a guest; memory.grow beyond it fails.</summary>
    public long MaxMemoryBytes { get; init; } = DefaultMaxMemoryBytes;

    /// <summary>Bytes kept of each of stdout and stderr per run; the rest is dropped and flagged.</summary>
    public int MaxOutputBytes { get; init; } = DefaultMaxOutputBytes;

    /// <summary>
    /// Period of the epoch clock that interrupts guests. A timeout is enforced to
    /// within one tick; a shorter tick costs more timer wake-ups while guests run.
    /// </summary>
    public TimeSpan EpochTick { get; init; } = TimeSpan.FromMilliseconds(DefaultEpochTickMilliseconds);

    /// <summary>
    /// Where workloads' volumes live (<c>&lt;dir&gt;/&lt;tenant&gt;/&lt;workload&gt;/&lt;volume&gt;</c>); null or
    /// empty = a workload with volumes fails to start, saying so.
    /// </summary>
    public string? VolumesDirectory { get; init; }

    /// <summary>Where compiled modules are cached across restarts; null or empty = compile on every start.</summary>
    public string? CompiledCacheDirectory { get; init; }

    /// <summary>
    /// The program (and leading arguments) of the agent's <c>compile-module</c> command: modules not
    /// in the compiled cache are compiled in that child process, then loaded from the cache
    /// (<see cref="ModuleCompiler"/>). Null or empty, or without <see cref="CompiledCacheDirectory"/>:
    /// compiled in this process.
    /// </summary>
    public IReadOnlyList<string>? CompilerCommand { get; init; }

    /// <summary>How long a compile child may run before it is killed and the module compiled in this process.</summary>
    public TimeSpan CompilerTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Counts Wasmtime fuel so a workload's limits.fuel can stop it. Engine-wide: it changes
    /// the compiled code (and so the compile cache key) and costs a few percent of guest speed.
    /// </summary>
    public bool EnableFuel { get; init; } = true;

    /// <summary>
    /// Measures each workload's CPU time (the thread's CPU clock around every run and
    /// instantiation) and the linear memory its instances hold. Not a setting operators see:
    /// off only for the benchmark's baseline, which measures what the accounting costs.
    /// </summary>
    internal bool AccountUsage { get; init; } = true;

    /// <summary>Most guest threads when <see cref="GuestThreads"/> is 0: this many per core.</summary>
    public const int DefaultGuestThreadsPerCore = 4;

    public const int MaxGuestThreads = 4096;

    /// <summary>
    /// Dedicated threads guest code runs on (never the .NET thread pool); runs beyond them wait
    /// in order. 0 = <see cref="DefaultGuestThreadsPerCore"/> per core. Each workload's own
    /// maxConcurrency and queue still bound it first.
    /// </summary>
    public int GuestThreads { get; init; }

    /// <summary><see cref="GuestThreads"/>, or its default from the cores.</summary>
    public int ResolvedGuestThreads => GuestThreads > 0 ? GuestThreads : DefaultGuestThreadsPerCore * Environment.ProcessorCount;

    /// <summary>How often idle pools are shrunk back to their minimum of warm instances.</summary>
    public TimeSpan TrimPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (DefaultTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultTimeout), DefaultTimeout, "must be positive");
        }

        if (MaxMemoryBytes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMemoryBytes), MaxMemoryBytes, "must be positive");
        }

        if (MaxOutputBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxOutputBytes), MaxOutputBytes, "must not be negative");
        }

        if (GuestThreads is < 0 or > MaxGuestThreads)
        {
            throw new ArgumentOutOfRangeException(nameof(GuestThreads), GuestThreads, $"must be between 0 (default: {DefaultGuestThreadsPerCore} per core) and {MaxGuestThreads}");
        }

        if (CompilerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CompilerTimeout), CompilerTimeout, "must be positive");
        }

        if (TrimPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TrimPeriod), TrimPeriod, "must be positive");
        }

        if (EpochTick <= TimeSpan.Zero || EpochTick > DefaultTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(EpochTick), EpochTick, $"must be positive and at most {nameof(DefaultTimeout)}");
        }
    }
}
