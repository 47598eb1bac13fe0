using System.Collections.Concurrent;
using System.Text;
using Edge.Agent.Core;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// Runs workloads on Wasmtime: one Engine with epoch interruption, one Linker
/// with WASI, and a fresh Store per run, capped in memory, time and output.
/// A started workload keeps its compiled module; every run (the smoke run at
/// start and each <see cref="InvokeAsync"/>) instantiates it anew.
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
    private readonly EpochTicker _ticker;
    private readonly long _deadlineTicks;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationToken _shutdownToken;
    private readonly ConcurrentDictionary<string, WorkloadEntry> _workloads = new(StringComparer.Ordinal);

    // Start and Stop of one name run one at a time, in call order; striped so the set stays bounded.
    private readonly SemaphoreSlim[] _gates;
    private int _disposed;

    public WasmRuntime(WasmRuntimeOptions options, TimeProvider timeProvider, ILogger<WasmRuntime> logger)
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

        using var config = new Config().WithEpochInterruption(true);
        _engine = new Engine(config);
        _linker = new Linker(_engine);
        _linker.DefineWasi();
        _ticker = new EpochTicker(_engine, options.EpochTick, timeProvider);

        _deadlineTicks = DeadlineTicks(options.DefaultTimeout, options.EpochTick);
    }

    public async Task<WorkloadStatus> StartAsync(WorkloadSpec spec, string modulePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(modulePath);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var gate = GateFor(spec.Name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
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
        [.. _workloads.Values.Select(e => e.ToStatus()).OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Runs the workload's <c>_start</c> once more in a fresh store, with <paramref name="stdin"/>
    /// as its standard input. Never throws for what the guest does: the result says how it ended.
    /// A workload that is unknown, Failed or has no <c>_start</c> gives <see cref="InvocationOutcome.Unavailable"/>.
    /// </summary>
    public async Task<InvocationResult> InvokeAsync(string name, ReadOnlyMemory<byte> stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_workloads.TryGetValue(name, out var entry) || !entry.TryAcquire())
        {
            return Unavailable($"no workload named '{name}'");
        }

        try
        {
            if (entry.Phase != WorkloadPhase.Running || entry.Module is not { } module)
            {
                return Unavailable($"workload '{name}' is {entry.Phase}: {entry.Message}");
            }

            if (!entry.HasEntryPoint)
            {
                return Unavailable($"workload '{name}' exports no {ModuleLoader.EntryPoint}");
            }

            var result = await Task.Run(() => Run(entry.Spec, module, stdin.Span, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            entry.RecordInvocation(result.Succeeded);
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

    /// <summary>Per-workload figures; pools and latency come with the instance pools.</summary>
    public IReadOnlyList<WorkloadMetrics> Metrics() =>
        [.. Snapshot().Select(s => new WorkloadMetrics { Name = s.Name, Invocations = s.Invocations, Failures = s.Failures })];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _shutdown.Cancel();
        _ticker.Close();
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
        _engine.Dispose();
        _shutdown.Dispose();

        // The gates are not disposed: a caller still waiting on one must get ObjectDisposedException, not hang.
    }

    /// <summary>
    /// Ticks a run may last. The first tick comes anywhere within one period of the
    /// start, so one extra tick makes the budget a floor: a run gets at least <paramref name="timeout"/>.
    /// </summary>
    internal static long DeadlineTicks(TimeSpan timeout, TimeSpan tick) => (long)Math.Ceiling(timeout / tick) + 1;

    /// <summary>Guest runs in progress (tests wait on it to act while a guest runs).</summary>
    internal int ActiveRuns => _ticker.Active;

    private SemaphoreSlim GateFor(string name) =>
        _gates[(uint)StringComparer.Ordinal.GetHashCode(name) % GateStripes];

    private async Task<WorkloadEntry> LoadAsync(WorkloadSpec spec, string modulePath, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(modulePath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return Failed(spec, $"cannot read module file '{modulePath}': {ex.Message}", invocations: 0);
        }

        return await Task.Run(() => CompileAndSmokeRun(spec, content, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    private WorkloadEntry CompileAndSmokeRun(WorkloadSpec spec, byte[] content, CancellationToken cancellationToken)
    {
        if (!ModuleLoader.TryCompile(_engine, spec.Name, content, out var module, out var error))
        {
            return Failed(spec, error, invocations: 0);
        }

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hasEntryPoint = ModuleLoader.HasEntryPoint(module);
            var result = Run(spec, module, [], cancellationToken, callEntryPoint: hasEntryPoint);
            LogOutput(spec.Name, result, smokeRun: true);
            var invocations = hasEntryPoint ? 1 : 0;
            if (!result.Succeeded)
            {
                module.Dispose();
                return Failed(spec, result.Error, invocations);
            }

            return new WorkloadEntry(spec, module, NewStatus(spec, WorkloadPhase.Running, "", invocations, failures: 0));
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private WorkloadEntry Failed(WorkloadSpec spec, string message, long invocations) =>
        new(spec, module: null, NewStatus(spec, WorkloadPhase.Failed, message, invocations, failures: invocations));

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

    /// <summary>One guest run: instantiate in a new store, then call <c>_start</c>. Blocks the calling thread.</summary>
    private InvocationResult Run(
        WorkloadSpec spec,
        Module module,
        ReadOnlySpan<byte> stdin,
        CancellationToken cancellationToken,
        bool callEntryPoint = true)
    {
        var startedAt = _time.GetTimestamp();
        string? stdinPath = null;
        var startEpoch = _ticker.Enter();
        var run = new GuestRun(_options.MaxOutputBytes, _ticker, startEpoch, _deadlineTicks, cancellationToken, _shutdownToken);
        try
        {
            using var store = new Store(_engine);
            store.SetLimits(memorySize: _options.MaxMemoryBytes, tableElements: null, instances: null, tables: null, memories: null);
            store.SetEpochDeadline(1);
            store.SetEpochDeadlineCallback(run.OnEpochDeadline);

            string[] argv = [spec.Name, .. spec.Args];
            var wasi = new WasiConfiguration()
                .WithArgs(argv)
                .WithEnvironmentVariables(spec.Env.Select(kv => (kv.Key, kv.Value)))
                .WithStandardOutputCallback(run.Stdout.Append)
                .WithStandardErrorCallback(run.Stderr.Append);
            if (!stdin.IsEmpty)
            {
                // WASI stdin in this binding is a file only; Wasmtime opens it when the
                // configuration is applied, so the file can go right after.
                stdinPath = Path.Combine(Path.GetTempPath(), $"edge-stdin-{Guid.NewGuid():N}");
                using (var file = new FileStream(stdinPath, FileMode.CreateNew, FileAccess.Write))
                {
                    file.Write(stdin);
                }

                wasi.WithStandardInput(stdinPath);
            }

            store.SetWasiConfiguration(wasi);
            Instance? instance = null;
            try
            {
                instance = _linker.Instantiate(store, module);
                if (callEntryPoint)
                {
                    instance.GetAction(ModuleLoader.EntryPoint)!();
                }

                return Result(run, startedAt, InvocationOutcome.Succeeded, exitCode: 0, error: "");
            }
            catch (WasmtimeException ex)
            {
                return Classify(ex, run, instance, startedAt, cancellationToken);
            }
        }
        finally
        {
            _ticker.Exit();
            DeleteStdinFile(stdinPath);
        }
    }

    private static void DeleteStdinFile(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover file in the temp directory is not worth failing a finished run for.
        }
    }

    private InvocationResult Classify(
        WasmtimeException ex,
        GuestRun run,
        Instance? instance,
        long startedAt,
        CancellationToken cancellationToken)
    {
        if (run.ShutDown)
        {
            throw new ObjectDisposedException(nameof(WasmRuntime), "The runtime was disposed while the workload ran.");
        }

        if (run.Canceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        if (run.TimedOut)
        {
            return Result(run, startedAt, InvocationOutcome.TimedOut, exitCode: null,
                $"timed out after {DurationText.Format(_options.DefaultTimeout)}");
        }

        var reason = WasmErrorText.Summarize(ex.Message);
        if (instance is null && ex is not TrapException && ex.ExitCode is null)
        {
            // Wasmtime: "memory minimum size of N pages exceeds memory limits".
            return reason.Contains("exceeds memory limits", StringComparison.Ordinal)
                ? Result(run, startedAt, InvocationOutcome.MemoryLimitExceeded, exitCode: null, MemoryLimitText(reason))
                : Result(run, startedAt, InvocationOutcome.InstantiationFailed, exitCode: null, "cannot instantiate: " + reason);
        }

        if (ex.ExitCode is 0)
        {
            return Result(run, startedAt, InvocationOutcome.Succeeded, exitCode: 0, error: "");
        }

        var (outcome, text) = ex.ExitCode is { } code
            ? (InvocationOutcome.ExitedWithError, $"exited with code {code}")
            : (InvocationOutcome.Trapped, reason);

        // A failed memory.grow is not a trap: the guest sees -1 and usually aborts.
        // Wasmtime's C API cannot make it trap, so judge by where memory stands.
        if (MemoryAtLimit(instance))
        {
            (outcome, text) = (InvocationOutcome.MemoryLimitExceeded, MemoryLimitText(text));
        }

        var stderr = LastLine(run.Stderr.Written);
        return Result(run, startedAt, outcome, ex.ExitCode, stderr.Length == 0 ? text : $"{text}; stderr: {stderr}");
    }

    private string MemoryLimitText(string detail) =>
        $"memory limit of {_options.MaxMemoryBytes} bytes exceeded: {detail}";

    private bool MemoryAtLimit(Instance? instance) =>
        instance is not null
        && instance.GetMemories().Any(m => m.Item2.GetLength() + Memory.PageSize > _options.MaxMemoryBytes);

    private InvocationResult Result(GuestRun run, long startedAt, InvocationOutcome outcome, int? exitCode, string error) => new()
    {
        Outcome = outcome,
        ExitCode = exitCode,
        Stdout = run.Stdout.Written,
        Stderr = run.Stderr.Written,
        OutputTruncated = run.Stdout.Truncated || run.Stderr.Truncated,
        Error = error,
        Duration = _time.GetElapsedTime(startedAt),
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

    private static string LastLine(ReadOnlyMemory<byte> output)
    {
        const int MaxLength = 200;
        var last = Lines(output).LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        return last.Length <= MaxLength ? last : string.Concat(last.AsSpan(0, MaxLength - 3), "...");
    }
}
