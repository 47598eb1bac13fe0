using System.Collections.Concurrent;
using System.Text;
using Edge.Agent.Core;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// Runs workloads on Wasmtime: one Engine with epoch interruption (and fuel
/// when enabled), one Linker with WASI and the "edge" host functions, compiled
/// modules cached on disk, and per workload an <see cref="InstancePool"/> of
/// pre-instantiated stores, each used for one run and capped in memory, time and output.
/// </summary>
public sealed partial class WasmRuntime : IWorkloadRuntime, IWorkloadMetricsSource, IDisposable
{
    private const int GateStripes = 16;
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly WasmRuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WasmRuntime> _logger;
    private readonly Engine _engine;
    private readonly Linker _linker;
    private readonly Linker _fileLinker;
    private long _childCompiles;
    private long _inProcessCompiles;
    private readonly EpochTicker _ticker;
    private readonly GuestWorkers _workers;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationToken _shutdownToken;
    private readonly ConcurrentDictionary<string, WorkloadEntry> _workloads = new(StringComparer.Ordinal);
    private readonly CompiledModuleCache? _compiled;
    private readonly PoolContext _context;
    private readonly ITimer _trimTimer;

    // Start and Stop of one name run one at a time, in call order; striped so the set stays bounded.
    private readonly SemaphoreSlim[] _gates;
    private int _disposed;

    public WasmRuntime(WasmRuntimeOptions options, TimeProvider timeProvider, ILogger<WasmRuntime> logger)
        : this(options, timeProvider, logger, ThreadCpuClock.Instance)
    {
    }

    /// <summary>With the thread CPU clock given (tests pass one that fails, to see the figure go absent).</summary>
    internal WasmRuntime(WasmRuntimeOptions options, TimeProvider timeProvider, ILogger<WasmRuntime> logger, IThreadCpuClock cpuClock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _shutdownToken = _shutdown.Token;
        _gates = [.. Enumerable.Range(0, GateStripes).Select(_ => new SemaphoreSlim(1, 1))];

        _engine = NewEngine(options.EnableFuel);
        _linker = new Linker(_engine);
        HostImports.Define(_linker);
        _fileLinker = Volumes.FileLinker.Create(_engine);
        if (options.VolumesDirectory is { Length: > 0 })
        {
            Volumes.PrivateFiles.RestrictUmask();
        }
        _ticker = new EpochTicker(_engine, options.EpochTick);
        _workers = new GuestWorkers(options.ResolvedGuestThreads);
        _ticker.Ticked = _workers.DemoteLongRuns;
        _context = new PoolContext(_engine, _linker, _ticker, _workers, options, timeProvider, options.AccountUsage ? cpuClock : null, _shutdownToken)
        {
            FileLinker = _fileLinker,
            VolumesDirectory = options.VolumesDirectory,
        };
        if (options.CompiledCacheDirectory is { Length: > 0 } directory)
        {
            _compiled = new CompiledModuleCache(directory, CompiledModuleCache.EngineKey(options.EnableFuel));
        }

        _trimTimer = timeProvider.CreateTimer(_ => TrimPools(), null, options.TrimPeriod, options.TrimPeriod);
    }

    /// <summary>The engine every module is compiled for: the compile child makes the same one (<see cref="ModuleCompiler"/>).</summary>
    internal static Engine NewEngine(bool fuel)
    {
        using var config = new Config().WithEpochInterruption(true).WithFuelConsumption(fuel);
        return new Engine(config);
    }

    /// <summary>Modules compiled by the compile child so far.</summary>
    public long ChildCompiles => Interlocked.Read(ref _childCompiles);

    /// <summary>Modules compiled in this process so far (no child configured, or it could not do it).</summary>
    public long InProcessCompiles => Interlocked.Read(ref _inProcessCompiles);

    public async Task<WorkloadStatus> StartAsync(WorkloadSpec spec, string modulePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modulePath);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var gate = GateFor(spec.Name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        Starting? starting = null;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            starting = BeginStarting(spec);
            var startedAt = _time.GetTimestamp();
            var entry = await LoadAsync(spec, modulePath, cancellationToken).ConfigureAwait(false);
            _workloads.TryGetValue(spec.Name, out var replaced);
            _workloads[spec.Name] = entry;
            replaced?.Retire();
            if (Volatile.Read(ref _disposed) != 0 && _workloads.TryRemove(spec.Name, out var late))
            {
                late.Retire();
                throw new ObjectDisposedException(nameof(WasmRuntime));
            }

            var status = entry.ToStatus();
            var elapsed = _time.GetElapsedTime(startedAt);
            if (status.Phase == WorkloadPhase.Running)
            {
                LogStarted(_logger, spec.Name, spec.ModuleDigest, elapsed.TotalMilliseconds);
            }
            else
            {
                LogStartFailed(_logger, spec.Name, spec.ModuleDigest, status.Message);
            }

            return status;
        }
        finally
        {
            EndStarting(spec.Name, starting);
            gate.Release();
        }
    }

    /// <summary>Raised, off the invocation's thread, when a cold workload is invoked for the first time since it went cold.</summary>
    public event Action<string>? Woken;

    public async Task<bool> UpdateAsync(WorkloadSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var gate = GateFor(spec.Name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_workloads.TryGetValue(spec.Name, out var entry) || !entry.Spec.ChangesInPlaceTo(spec) || !entry.TryAcquire())
            {
                return false;
            }

            try
            {
                var updated = entry.Update(spec);
                if (updated)
                {
                    LogUpdated(_logger, spec.Name, spec.Cold, spec.Limits.MemoryBytes);
                }

                return updated;
            }
            finally
            {
                entry.Release();
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task StopAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var gate = GateFor(name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_workloads.TryRemove(name, out var entry))
            {
                entry.Retire();
                LogStopped(_logger, name);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public IReadOnlyList<WorkloadStatus> Snapshot() =>
        [.. _workloads.Values.Select(e => e.ToStatus()).Concat(StartingStatuses()).OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Runs the workload's <c>_start</c> once more in a fresh store, with <paramref name="stdin"/>
    /// as its standard input. Never throws for what the guest does: the result says how it ended.
    /// A workload that is unknown, Failed or has no <c>_start</c> gives <see cref="InvocationOutcome.Unavailable"/>.
    /// </summary>
    public Task<InvocationResult> InvokeAsync(string name, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken) =>
        InvokeAsync(name, new InvocationRequest { Stdin = stdin }, cancellationToken);

    /// <summary>
    /// Runs the workload's <c>_start</c> through its pool with the request's body on stdin and its
    /// metadata added to the environment. Busy when every slot is taken and the queue is full.
    /// </summary>
    public async Task<InvocationResult> InvokeAsync(string name, InvocationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_workloads.TryGetValue(name, out var entry) || !entry.TryAcquire())
        {
            return Unavailable($"no workload named '{name}'");
        }

        try
        {
            if (entry.Phase != WorkloadPhase.Running || entry.Pool is not { } pool)
            {
                return Unavailable($"workload '{name}' is {entry.Phase}: {entry.Message}");
            }

            if (!entry.HasEntryPoint)
            {
                return Unavailable($"workload '{name}' exports no {ModuleLoader.EntryPoint}");
            }

            if (pool.NoteColdInvocation() && Woken is { } woken)
            {
                // Tell the controller now, not at the next telemetry tick; off this invocation's path.
                ThreadPool.UnsafeQueueUserWorkItem(static s => s.Woken(s.Name), (Woken: woken, Name: name), preferLocal: false);
            }

            var result = await pool.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
            NoteQuotaReached(name, pool);
            RunEnded?.Invoke(name, result);
            if (!result.Succeeded)
            {
                LogInvocationFailed(_logger, name, result.Outcome, result.Error);
            }

            LogOutput(name, result, smokeRun: false);
            return result;
        }
        finally
        {
            entry.Release();
        }
    }

    /// <summary>
    /// Per-workload figures from the instance pools: counts, failures by reason, latency, warm and
    /// busy instances, fuel, CPU time, linear memory and the guest's own metrics.
    /// </summary>
    public IReadOnlyList<WorkloadMetrics> Metrics() => Metrics(newInterval: false);

    /// <summary>As <see cref="Metrics()"/>, and each workload's memory peak starts a new interval.</summary>
    public IReadOnlyList<WorkloadMetrics> TakeInterval() => Metrics(newInterval: true);

    private List<WorkloadMetrics> Metrics(bool newInterval) =>
        [.. _workloads.Values.Select(e => e.ToMetrics(newInterval)).OrderBy(m => m.Name, StringComparer.Ordinal)];

    /// <summary>The spec a workload runs with, or null when it is not running (triggers read it).</summary>
    public WorkloadSpec? SpecOf(string name) =>
        _workloads.TryGetValue(name, out var entry) && entry.Phase == WorkloadPhase.Running ? entry.Spec : null;

    /// <summary>The specs of every Running workload (the trigger services follow them).</summary>
    public IReadOnlyList<WorkloadSpec> RunningSpecs() =>
        [.. _workloads.Values.Where(e => e.Phase == WorkloadPhase.Running).Select(e => e.Spec)];

    /// <summary>Deletes compiled modules on disk that none of <paramref name="digestsInUse"/> names; returns how many.</summary>
    public int CollectUnused(IReadOnlySet<string> digestsInUse)
    {
        ArgumentNullException.ThrowIfNull(digestsInUse);
        var keep = new HashSet<string>(digestsInUse, StringComparer.Ordinal);
        keep.UnionWith(_workloads.Values.Select(e => e.Spec.ModuleDigest));
        return _compiled?.Collect(keep) ?? 0;
    }

    /// <summary>Instantiates on the calling thread until the workload has <paramref name="count"/> warm instances.</summary>
    internal void FillPool(string name, int count)
    {
        if (_workloads.TryGetValue(name, out var entry) && entry.TryAcquire())
        {
            try
            {
                entry.Pool?.Fill(count);
            }
            finally
            {
                entry.Release();
            }
        }
    }

    /// <summary>Drops a workload's warm instances and their demand target (the benchmark's cold start).</summary>
    internal void DropWarm(string name)
    {
        if (_workloads.TryGetValue(name, out var entry) && entry.TryAcquire())
        {
            try
            {
                entry.Pool?.DropWarm();
            }
            finally
            {
                entry.Release();
            }
        }
    }

    /// <summary>Stores of a workload freed after their run so far.</summary>
    internal long FreedAfterRun(string name) =>
        _workloads.TryGetValue(name, out var entry) ? entry.Pool?.FreedAfterRun ?? 0 : 0;

    internal int WarmInstances(string name) =>
        _workloads.TryGetValue(name, out var entry) ? entry.Pool?.WarmCount ?? 0 : 0;

    private void TrimPools()
    {
        foreach (var entry in _workloads.Values)
        {
            if (entry.TryAcquire())
            {
                try
                {
                    entry.Pool?.Trim();
                }
                finally
                {
                    entry.Release();
                }
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _trimTimer.Dispose();
        _shutdown.Cancel();
        _ticker.Close();
        _workers.Dispose();
        var drained = _ticker.WaitIdle(ShutdownGrace);
        foreach (var name in _workloads.Keys)
        {
            if (_workloads.TryRemove(name, out var entry))
            {
                entry.Retire();
            }
        }

        if (!drained)
        {
            // A guest still inside Wasmtime would crash on a freed engine: leak it instead.
            LogShutdownTimedOut(_logger, _ticker.Active, ShutdownGrace.TotalSeconds);
            return;
        }

        _ticker.Dispose();
        _linker.Dispose();
        _fileLinker.Dispose();
        _engine.Dispose();
        _shutdown.Dispose();

        // The gates are not disposed: a caller still waiting on one must get ObjectDisposedException, not hang.
    }

    /// <summary>Guest runs in progress (tests wait on it to act while a guest runs).</summary>
    internal int ActiveRuns => _ticker.Active;

    /// <summary>Epoch ticks so far (tests wait on it to know running guests have looked at their deadline).</summary>
    internal long EpochTicks => _ticker.Epoch;

    /// <summary>Most guest threads this runtime runs guests on (Agent:GuestThreads).</summary>
    public int GuestThreads => _workers.Capacity;

    /// <summary>Guest work running now on the guest threads.</summary>
    public int GuestThreadsBusy => _workers.Busy;

    /// <summary>Guest work waiting for a free guest thread.</summary>
    public int GuestWorkQueued => _workers.Queued;

    private SemaphoreSlim GateFor(string name) =>
        _gates[(uint)StringComparer.Ordinal.GetHashCode(name) % GateStripes];

    private async Task<WorkloadEntry> LoadAsync(WorkloadSpec spec, string modulePath, CancellationToken cancellationToken)
    {
        Module? cached = null;
        if (_compiled is not null)
        {
            cached = _compiled.TryLoad(_engine, spec.Name, spec.ModuleDigest, out var problem);
            if (problem is not null)
            {
                LogCompiledCacheProblem(_logger, spec.ModuleDigest, problem);
            }
        }

        if (cached is null && _compiled is not null && _options.CompilerCommand is { Count: > 0 } command)
        {
            var (outcome, error) = await ModuleCompiler.RunChildAsync(
                command, modulePath, _compiled.Directory, spec.ModuleDigest, _options.EnableFuel, _options.CompilerTimeout, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case ModuleCompiler.Outcome.Invalid:
                    return Failed(spec, error, invocations: 0);
                case ModuleCompiler.Outcome.Compiled:
                    cached = _compiled.TryLoad(_engine, spec.Name, spec.ModuleDigest, out var problem);
                    if (cached is null)
                    {
                        LogCompilerChildFailed(_logger, spec.Name, problem ?? "the compiled module is not in the cache");
                    }
                    else
                    {
                        Interlocked.Increment(ref _childCompiles);
                    }

                    break;
                default:
                    LogCompilerChildFailed(_logger, spec.Name, error);
                    break;
            }
        }

        byte[]? content = null;
        if (cached is null)
        {
            try
            {
                content = await File.ReadAllBytesAsync(modulePath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                return Failed(spec, $"cannot read module file '{modulePath}': {ex.Message}", invocations: 0);
            }
        }

        try
        {
            // Compiling is long and a job's first run is guest code: a thread of its own, neither
            // the thread pool nor a guest slot that busy guests may hold.
            cancellationToken.ThrowIfCancellationRequested();
            return await GuestWorkers.RunDedicatedAsync(() => CompileAndPrepare(spec, content, cached, cancellationToken), "edge-compile")
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cached is not null)
        {
            cached.Dispose();
            throw;
        }
    }

    private WorkloadEntry CompileAndPrepare(WorkloadSpec spec, byte[]? content, Module? cached, CancellationToken cancellationToken)
    {
        var module = cached;
        if (module is null)
        {
            Interlocked.Increment(ref _inProcessCompiles);
            if (!ModuleLoader.TryCompile(_engine, spec.Name, content ?? [], out module, out var error))
            {
                return Failed(spec, error, invocations: 0);
            }

            if (_compiled?.TryStore(spec.ModuleDigest, module) is { } problem)
            {
                LogCompiledCacheProblem(_logger, spec.ModuleDigest, problem);
            }
        }
        else if (!ModuleLoader.TryCheckEntryPoint(module, out var error))
        {
            module.Dispose();
            return Failed(spec, error, invocations: 0);
        }

        // Compiled at the process's priority (a start waits on it); the guest code from here on runs lower.
        GuestThreadPriority.LowerCurrentThread();
        var pool = new InstancePool(_context, spec, module);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hasEntryPoint = ModuleLoader.HasEntryPoint(module);
            var runsNow = hasEntryPoint && spec.RunsAtStart;
            var result = pool.Prepare(runsNow, cancellationToken);
            LogOutput(spec.Name, result, smokeRun: true);
            if (runsNow)
            {
                RunEnded?.Invoke(spec.Name, result);
            }

            if (!result.Succeeded)
            {
                pool.Dispose();
                return Failed(spec, result.Error, invocations: runsNow ? 1 : 0, result.ExitCode);
            }

            if (runsNow && spec.IsJob)
            {
                // A job that exited 0 is finished: nothing warm is kept for it.
                pool.Dispose();
                return new WorkloadEntry(spec, pool: null, hasEntryPoint: true, NewStatus(spec, WorkloadPhase.Succeeded, "", 1, failures: 0) with { ExitCode = 0 });
            }

            return new WorkloadEntry(spec, pool, hasEntryPoint, NewStatus(spec, WorkloadPhase.Running, "", 0, failures: 0));
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    private WorkloadEntry Failed(WorkloadSpec spec, string message, long invocations, int? exitCode = null) =>
        new(spec, pool: null, hasEntryPoint: false, NewStatus(spec, WorkloadPhase.Failed, message, invocations, failures: invocations) with { ExitCode = exitCode });

    private WorkloadStatus NewStatus(WorkloadSpec spec, WorkloadPhase phase, string message, long invocations, long failures) => new()
    {
        Name = spec.Name,
        Phase = phase,
        Message = message,
        ModuleDigest = spec.ModuleDigest,
        Since = _time.GetUtcNow(),
        Invocations = invocations,
        Failures = failures,
    };

    private static InvocationResult Unavailable(string error) =>
        new() { Outcome = InvocationOutcome.Unavailable, Error = error };

    /// <summary>The smoke run's output goes to the log; an invocation's belongs to its caller, so only at Debug.</summary>
    private void LogOutput(string name, InvocationResult result, bool smokeRun)
    {
        if (_logger.IsEnabled(smokeRun ? LogLevel.Information : LogLevel.Debug))
        {
            foreach (var line in Lines(result.Stdout))
            {
                if (smokeRun)
                {
                    LogStdout(_logger, name, line);
                }
                else
                {
                    LogInvocationStdout(_logger, name, line);
                }
            }
        }

        if (_logger.IsEnabled(smokeRun ? LogLevel.Warning : LogLevel.Debug))
        {
            foreach (var line in Lines(result.Stderr))
            {
                if (smokeRun)
                {
                    LogStderr(_logger, name, line);
                }
                else
                {
                    LogInvocationStderr(_logger, name, line);
                }
            }
        }

        foreach (var (level, line) in result.Logs)
        {
            LogGuest(_logger, (LogLevel)level, name, line);
        }

        if (smokeRun && result.OutputTruncated)
        {
            LogOutputTruncated(_logger, name, _options.MaxOutputBytes);
        }
    }

    private static IEnumerable<string> Lines(ReadOnlyMemory<byte> output)
    {
        if (output.IsEmpty)
        {
            return [];
        }

        var lines = Encoding.UTF8.GetString(output.Span).Split('\n');
        var count = lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return lines.Take(count).Select(l => l.TrimEnd('\r'));
    }

    internal static string LastLine(ReadOnlyMemory<byte> output)
    {
        const int MaxLength = 200;
        var last = Lines(output).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        return last.Length <= MaxLength ? last : string.Concat(last.AsSpan(0, MaxLength - 3), "...");
    }
}
