using System.Collections.Concurrent;
using Edge.Agent.Core;
using Edge.Agent.Runtime.Volumes;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// One workload's instances: warm ones instantiated ahead of demand, a slot
/// semaphore for its max concurrency, a bounded queue that refuses with
/// <see cref="InvocationOutcome.Busy"/> when full, growth to the concurrency seen
/// and a shrink back to <see cref="PoolSpec.MinWarm"/> after <see cref="PoolSpec.IdleAfter"/>.
/// Every run uses its own store and throws it away after, so a failed run leaves nothing behind.
/// </summary>
internal sealed class InstancePool : IDisposable
{
    private readonly PoolContext _ctx;
    private readonly Module _module;
    private readonly Linker _linker;
    private readonly string[] _argv;
    private WorkloadSpec _spec;
    private PoolLimits _limits;
    private readonly ConcurrentStack<WarmInstance> _warm = new();
    private readonly SemaphoreSlim _slots;
    private readonly Lock _refillGate = new();
    private readonly ConcurrentDictionary<string, long> _failuresByReason = new(StringComparer.Ordinal);
    // Copy-on-write: guest threads replace it whole (under _customWriters), readers take the reference.
    private readonly Lock _customWriters = new();
    private Dictionary<string, double> _custom = new(StringComparer.Ordinal);
    private readonly LatencyRecorder _latency = new();
    private readonly CpuAccount _cpu;
    private readonly MemoryMeter? _memory;
    private int _warmCount;
    private int _busy;
    private int _queued;
    private int _target;
    private int _refilling;
    private bool _refillBroken;
    private bool _disposed;
    private long _lastDemand;
    private long _invocations;
    private long _failures;
    private long _fuelConsumed;
    private long _overdueRuns;
    private long _customRefused;
    private int _woken;
    private long _freedAfterRun;

    public InstancePool(PoolContext context, WorkloadSpec spec, Module module)
    {
        _ctx = context;
        _spec = spec;
        _module = module;
        _argv = [spec.Name, .. spec.Args];
        Volumes = WorkloadVolumes.For(spec, context.VolumesDirectory, context.Time);
        // Files need Wasmtime's own WASI; workloads without volumes keep the shadowed standard streams.
        _linker = Volumes is null ? context.Linker : context.FileLinker ?? context.Linker;
        _limits = PoolLimits.Resolve(spec.Limits, context.Options);
        _slots = new SemaphoreSlim(spec.Pool.MaxConcurrency, spec.Pool.MaxConcurrency);
        _target = MinWarmOf(spec);
        _lastDemand = context.Time.GetTimestamp();
        _cpu = new CpuAccount(context.CpuClock);
        _memory = context.Options.AccountUsage ? new MemoryMeter(_lastDemand, context.Time.TimestampFrequency) : null;
    }

    public WorkloadSpec Spec => Volatile.Read(ref _spec);

    /// <summary>Its volumes; null when it has none.</summary>
    public WorkloadVolumes? Volumes { get; }

    /// <summary>Cold and invoked since it went cold.</summary>
    public bool Woken => Volatile.Read(ref _woken) != 0;

    public int WarmCount => Volatile.Read(ref _warmCount);

    public int BusyCount => Volatile.Read(ref _busy);

    private int MinWarm => MinWarmOf(Volatile.Read(ref _spec));

    private static int MinWarmOf(WorkloadSpec spec) => spec.Cold ? 0 : spec.Pool.MinWarm;

    private bool Metered(PoolLimits limits) => _ctx.Options.EnableFuel && limits.Spec.Fuel > 0;

    /// <summary>
    /// Applies new limits and the cold flag in place (the rest of <paramref name="spec"/> must match):
    /// runs that start from now use them, runs in flight finish under theirs. Warm instances made
    /// under the old memory limit are dropped and made again.
    /// </summary>
    public void Update(WorkloadSpec spec)
    {
        var limits = PoolLimits.Resolve(spec.Limits, _ctx.Options);
        Volatile.Write(ref _limits, limits);
        Volatile.Write(ref _spec, spec);
        Volatile.Write(ref _woken, 0);
        Volatile.Write(ref _target, MinWarmOf(spec));
        lock (_refillGate)
        {
            _refillBroken = false;
            while (_warm.TryPop(out var stale))
            {
                Interlocked.Decrement(ref _warmCount);
                Drop(stale);
            }
        }

        ScheduleRefill();
    }

    /// <summary>True the first time a cold pool is invoked since it went cold (the caller tells the controller).</summary>
    public bool NoteColdInvocation() =>
        Volatile.Read(ref _spec).Cold && Volatile.Read(ref _woken) == 0 && Interlocked.Exchange(ref _woken, 1) == 0;

    /// <summary>
    /// Checks the module instantiates under this workload's limits (and runs it once when it is a job),
    /// then fills the warm instances; a failure is returned with its reason.
    /// </summary>
    public InvocationResult Prepare(bool callEntryPoint, CancellationToken cancellationToken)
    {
        if (Volumes?.Open() is { } problem)
        {
            return new InvocationResult { Outcome = InvocationOutcome.QuotaExceeded, Error = problem };
        }

        var result = Run(InvocationRequest.Empty, callEntryPoint, record: callEntryPoint, cancellationToken);
        if (result.Succeeded)
        {
            Fill(MinWarm);
        }

        return result;
    }

    /// <summary>Instantiates on the calling thread until <paramref name="count"/> instances are warm.</summary>
    public void Fill(int count)
    {
        Interlocked.Exchange(ref _target, Math.Max(Volatile.Read(ref _target), Math.Min(count, Spec.Pool.MaxConcurrency)));
        while (AddWarm(count))
        {
        }
    }

    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        if (Volumes?.Refusal is { } refusal)
        {
            var refused = new InvocationResult { Outcome = InvocationOutcome.QuotaExceeded, Error = refusal };
            Record(refused, 0, null, Volatile.Read(ref _limits));
            return refused;
        }

        if (!_slots.Wait(0, CancellationToken.None))
        {
            if (Interlocked.Increment(ref _queued) > _spec.Pool.MaxQueue)
            {
                Interlocked.Decrement(ref _queued);
                var busy = new InvocationResult
                {
                    Outcome = InvocationOutcome.Busy,
                    Error = $"workload '{_spec.Name}' is busy: {_spec.Pool.MaxConcurrency} invocations running and {_spec.Pool.MaxQueue} queued",
                };
                Record(busy, 0, null, Volatile.Read(ref _limits));
                return busy;
            }

            try
            {
                NoteDemand();
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _queued);
            }
        }

        Interlocked.Increment(ref _busy);
        var endsWithTheRun = false;
        try
        {
            NoteDemand();
            // On a guest thread, never the caller's: a guest holds its thread for the whole run.
            var started = new RunStart();
            var work = _ctx.Workers.RunAsync(() => Run(request, callEntryPoint: true, record: true, cancellationToken, started));
            if (work.IsCompleted)
            {
                return await work.ConfigureAwait(false);
            }

            InvocationResult result;
            var answeredEarly = false;
            try
            {
                (result, answeredEarly) = await AwaitWithinBudgetAsync(work, started, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!work.IsCompleted)
            {
                // The caller gave up: the guest stops at its next deadline check.
                answeredEarly = true;
                throw;
            }
            finally
            {
                if (answeredEarly)
                {
                    // The caller has its answer; the slot stays taken until the guest has really stopped.
                    endsWithTheRun = true;
                    _ = work.ContinueWith(static (_, state) => ((InstancePool)state!).EndRun(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }

            return result;
        }
        finally
        {
            if (!endsWithTheRun)
            {
                EndRun();
            }
        }
    }

    /// <summary>
    /// How long past its budget a run may go before its caller is answered without it: a guest that
    /// cannot reach its deadline check (blocked in a host call such as a WASI sleep, or given no CPU
    /// on a machine busy with other work) must not hold its caller past the timeout.
    /// </summary>
    internal static readonly TimeSpan AnswerGrace = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The run's result, or a timeout answered once its budget and <see cref="AnswerGrace"/> have passed
    /// since the guest began (the budget starts when a guest thread takes the run, not while it queues).
    /// A caller's cancellation is answered at once. True when answered before the guest stopped.
    /// </summary>
    private async Task<(InvocationResult Result, bool Early)> AwaitWithinBudgetAsync(Task<InvocationResult> work, RunStart started, CancellationToken cancellationToken)
    {
        var limits = Volatile.Read(ref _limits);
        var wait = limits.Timeout + AnswerGrace;
        while (true)
        {
            try
            {
                return (await work.WaitAsync(wait, _ctx.Time, cancellationToken).ConfigureAwait(false), false);
            }
            catch (TimeoutException)
            {
                if (started.Timestamp is not (> 0 and var at))
                {
                    continue; // still queued for a guest thread: its budget has not begun
                }

                if (!AnsweredWithout(at, limits))
                {
                    wait = limits.Timeout + AnswerGrace - _ctx.Time.GetElapsedTime(at);
                    continue;
                }

                Interlocked.Increment(ref _overdueRuns);

                return (new InvocationResult
                {
                    Outcome = InvocationOutcome.TimedOut,
                    Error = TimeoutText(limits),
                    Duration = _ctx.Time.GetElapsedTime(at),
                    Stdout = started.Run?.Stdout.Written ?? ReadOnlyMemory<byte>.Empty,
                    Stderr = started.Run?.Stderr.Written ?? ReadOnlyMemory<byte>.Empty,
                }, true);
            }
        }
    }

    /// <summary>True when a run that began at <paramref name="startedAt"/> is past the point its caller is answered without it.</summary>
    private bool AnsweredWithout(long startedAt, PoolLimits limits) => _ctx.Time.GetElapsedTime(startedAt) >= limits.Timeout + AnswerGrace;

    private void EndRun()
    {
        Interlocked.Decrement(ref _busy);
        _slots.Release();
    }

    /// <summary>Stores freed after their run so far (the benchmark's cold figure waits for its run's teardown).</summary>
    public long FreedAfterRun => Interlocked.Read(ref _freedAfterRun);

    /// <summary>Drops every warm instance and the target grown by demand: the next run instantiates its own.</summary>
    public void DropWarm()
    {
        lock (_refillGate)
        {
            Volatile.Write(ref _target, MinWarm);
            while (_warm.TryPop(out var instance))
            {
                Interlocked.Decrement(ref _warmCount);
                Drop(instance);
            }
        }
    }

    private void Free(WarmInstance used)
    {
        used.Dispose();
        Interlocked.Increment(ref _freedAfterRun);
    }

    /// <summary>Drops warm instances grown for a burst once demand has been gone for <see cref="PoolSpec.IdleAfter"/>.</summary>
    public void Trim()
    {
        if (_ctx.Time.GetElapsedTime(Interlocked.Read(ref _lastDemand)) < _spec.Pool.IdleAfter)
        {
            return;
        }

        var minWarm = MinWarm;
        Volatile.Write(ref _target, minWarm);
        while (Volatile.Read(ref _warmCount) > minWarm && _warm.TryPop(out var extra))
        {
            Interlocked.Decrement(ref _warmCount);
            Drop(extra);
        }
    }

    /// <summary>Its figures now; <paramref name="newInterval"/> starts the memory peak again (the telemetry sampler's read).</summary>
    public WorkloadMetrics Metrics(string name, bool newInterval)
    {
        // Nothing here waits on a guest thread: the figures are counters, a swapped dictionary and a
        // lock-free meter, and the failures are enumerated (ConcurrentDictionary's Count takes every lock).
        var failuresByReason = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in _failuresByReason)
        {
            failuresByReason[reason] = count;
        }

        return new WorkloadMetrics
        {
            Name = name,
            Invocations = Interlocked.Read(ref _invocations),
            Failures = Interlocked.Read(ref _failures),
            FailuresByReason = failuresByReason,
            WarmInstances = WarmCount,
            BusyInstances = BusyCount,
            QueuedRequests = Volatile.Read(ref _queued),
            FuelConsumed = Interlocked.Read(ref _fuelConsumed),
            OverdueRuns = Interlocked.Read(ref _overdueRuns),
            Latency = _latency.Snapshot(),
            // Never changed once published (writers swap in a new one), so it is handed out as it is.
            Custom = Volatile.Read(ref _custom),
            CustomRefused = Interlocked.Read(ref _customRefused),
            CpuTime = _cpu.Total,
            Memory = _memory?.Read(_ctx.Time.GetTimestamp(), newInterval),
        };
    }

    public (long Invocations, long Failures) Counts() => (Interlocked.Read(ref _invocations), Interlocked.Read(ref _failures));

    public void Dispose()
    {
        lock (_refillGate)
        {
            _disposed = true;
            while (_warm.TryPop(out var instance))
            {
                Drop(instance);
            }

            _warmCount = 0;
            _module.Dispose();
        }

        _slots.Dispose();
    }

    private void NoteDemand()
    {
        Interlocked.Exchange(ref _lastDemand, _ctx.Time.GetTimestamp());
        var demand = Math.Min(Volatile.Read(ref _busy) + Volatile.Read(ref _queued), _spec.Pool.MaxConcurrency);
        var target = Volatile.Read(ref _target);
        while (demand > target)
        {
            var seen = Interlocked.CompareExchange(ref _target, demand, target);
            if (seen == target)
            {
                break;
            }

            target = seen;
        }
    }

    private void ScheduleRefill()
    {
        if (Volatile.Read(ref _warmCount) >= Volatile.Read(ref _target) || Volatile.Read(ref _refillBroken))
        {
            return;
        }

        if (Interlocked.Exchange(ref _refilling, 1) == 0)
        {
            try
            {
                // Instantiation may run the module's start function: guest code, so a guest thread.
                _ = _ctx.Workers.RunAsync(Refill);
            }
            catch (ObjectDisposedException)
            {
                Volatile.Write(ref _refilling, 0); // the runtime is shutting down
            }
        }
    }

    /// <summary>Refills on the calling guest thread when the pool is short and no refill runs elsewhere.</summary>
    private void RefillHere()
    {
        if (Volatile.Read(ref _warmCount) < Volatile.Read(ref _target) && !Volatile.Read(ref _refillBroken)
            && Interlocked.Exchange(ref _refilling, 1) == 0)
        {
            Refill();
        }
    }

    private bool Refill()
    {
        try
        {
            while (AddWarm(Volatile.Read(ref _target)))
            {
            }
        }
        finally
        {
            Volatile.Write(ref _refilling, 0);
        }

        if (Volatile.Read(ref _warmCount) < Volatile.Read(ref _target) && !Volatile.Read(ref _disposed))
        {
            ScheduleRefill();
        }

        return true;
    }

    /// <summary>
    /// Adds one warm instance while fewer than <paramref name="upTo"/> are warm; false when there
    /// are enough, the pool is gone or instantiation fails. The count is checked under the gate,
    /// so a foreground fill and a background refill never overshoot together.
    /// </summary>
    private bool AddWarm(int upTo)
    {
        lock (_refillGate)
        {
            if (_disposed || _refillBroken || Volatile.Read(ref _warmCount) >= upTo)
            {
                return false;
            }

            try
            {
                // Entered first: the runtime frees the engine only once no run or refill is inside it.
                _ctx.Ticker.Enter();
            }
            catch (ObjectDisposedException)
            {
                return false; // the runtime is shutting down
            }

            WarmInstance? instance = null;
            var cpuStart = _cpu.Start();
            try
            {
                var limits = Volatile.Read(ref _limits);
                instance = NewInstance(limits);
                instance.Run = new GuestRun(limits.MaxOutputBytes, _ctx.Time, _ctx.Time.GetTimestamp(), limits.Timeout, CancellationToken.None, _ctx.ShutdownToken);
                instance.Store.SetWasiConfiguration(new WasiConfiguration().WithArgs(_argv));
                instance.Instance = _linker.Instantiate(instance.Store, _module);
                instance.Run = null;
                if (_memory is not null)
                {
                    instance.HeldBytes = instance.MemoryLength();
                    _memory.Add(instance.HeldBytes, _ctx.Time.GetTimestamp());
                }
            }
            catch (WasmtimeException)
            {
                // Prepare instantiated the module; failing now means a limit is hit: runs instantiate their own and say why.
                instance?.Dispose();
                _refillBroken = true;
                return false;
            }
            finally
            {
                _cpu.Stop(cpuStart);
                _ctx.Ticker.Exit();
            }

            _warm.Push(instance);
            Interlocked.Increment(ref _warmCount);
            return true;
        }
    }

    private WarmInstance NewInstance(PoolLimits limits)
    {
        var store = new Store(_ctx.Engine);
        var instance = new WarmInstance(store) { Limits = limits };
        store.SetData(instance);
        store.SetLimits(memorySize: limits.MemoryBytes, tableElements: null, instances: null, tables: null, memories: null);
        store.SetEpochDeadline(1);
        store.SetEpochDeadlineCallback(instance.OnEpochDeadline);
        if (_ctx.Options.EnableFuel)
        {
            store.Fuel = FuelBudget(limits);
        }

        return instance;
    }

    private ulong FuelBudget(PoolLimits limits) => Metered(limits) ? (ulong)limits.Spec.Fuel : long.MaxValue;

    /// <summary>A warm instance made under <paramref name="limits"/>; one left from before a resize is dropped.</summary>
    private WarmInstance? TakeWarm(PoolLimits limits)
    {
        while (_warm.TryPop(out var instance))
        {
            Interlocked.Decrement(ref _warmCount);
            if (ReferenceEquals(instance.Limits, limits))
            {
                return instance;
            }

            Release(instance);
            ThreadPool.UnsafeQueueUserWorkItem(static stale => stale.Dispose(), instance, preferLocal: false);
        }

        return null;
    }

    /// <summary>When a run began and its state, for a caller that answers without it (<see cref="AwaitWithinBudgetAsync"/>).</summary>
    private sealed class RunStart
    {
        private long _timestamp;

        public long Timestamp => Volatile.Read(ref _timestamp);

        public GuestRun? Run { get; private set; }

        public void Began(long timestamp, GuestRun run)
        {
            Run = run;
            Volatile.Write(ref _timestamp, timestamp);
        }
    }

    /// <summary>One guest run on a warm instance, or a new one when none is warm. Blocks the calling thread.</summary>
    private InvocationResult Run(InvocationRequest request, bool callEntryPoint, bool record, CancellationToken cancellationToken, RunStart? started = null)
    {
        GuestWorkers.OutsideGuest();
        var cpuStart = _cpu.Start();
        var startedAt = _ctx.Time.GetTimestamp();
        var keep = false;
        ulong fuelUsed = 0;
        var limits = Volatile.Read(ref _limits);
        _ctx.Ticker.Enter();
        WarmInstance? instance = null;
        var run = new GuestRun(limits.MaxOutputBytes, _ctx.Time, startedAt, limits.Timeout, cancellationToken, _ctx.ShutdownToken) { Stdin = request.Stdin };
        started?.Began(startedAt, run);
        VolumeRun? volumeRun = null;
        InvocationResult result;
        try
        {
            instance = TakeWarm(limits) ?? NewInstance(limits);
            instance.Run = run;
            var store = instance.Store;
            store.SetEpochDeadline(1);
            if (run.BudgetSpent)
            {
                // The budget ran out before the guest began (a slow start, or a test's clock):
                // stop at the first check instead of waiting for a tick.
                store.SetEpochDeadline(0);
            }
            if (_ctx.Options.EnableFuel)
            {
                store.Fuel = FuelBudget(limits);
            }

            var wasi = Wasi(request);
            if (Volumes is not null)
            {
                volumeRun = VolumeRun.Begin(Volumes, wasi, run, request.Stdin);
            }

            store.SetWasiConfiguration(wasi);
            try
            {
                // Only guest code counts towards a move to the idle class: a thread moved while it still
                // sets the run up (managed code) would hold up every other thread at the next collection.
                GuestWorkers.EnteringGuest();
                try
                {
                    instance.Instance ??= _linker.Instantiate(store, _module);
                    if (callEntryPoint)
                    {
                        instance.Instance.GetAction(ModuleLoader.EntryPoint)!();
                    }
                }
                finally
                {
                    // Out of the idle class (if a long run put it there) before the run's end is handled.
                    GuestWorkers.GuestReturned();
                }

                result = run.OutputExceeded
                    ? Result(run, startedAt, InvocationOutcome.OutputLimitExceeded, exitCode: null, OutputLimitText(run, limits))
                    : AnsweredWithout(startedAt, limits)
                        // Its caller was already told it timed out (it slept in a host call past its budget).
                        ? Result(run, startedAt, InvocationOutcome.TimedOut, exitCode: null, TimeoutText(limits))
                        : Result(run, startedAt, InvocationOutcome.Succeeded, exitCode: 0, error: "");
                keep = !callEntryPoint && result.Succeeded && MinWarm > 0;
            }
            catch (WasmtimeException ex)
            {
                result = Classify(ex, run, instance.Instance, limits, startedAt, cancellationToken);
            }

            if (_ctx.Options.EnableFuel)
            {
                fuelUsed = FuelBudget(limits) - store.Fuel;
            }
        }
        finally
        {
            // Before Exit: once no run is inside the engine, a shutting-down runtime may free it.
            if (instance is not null)
            {
                AccountGrowth(instance, startedAt);
            }

            _cpu.Stop(cpuStart);
            _ctx.Ticker.Exit();
            if (instance is not null)
            {
                instance.Run = null;
                if (keep)
                {
                    _warm.Push(instance);
                    Interlocked.Increment(ref _warmCount);
                }
                else
                {
                    Release(instance);
                    // Freeing a store unmaps its memory: after the answer, it is not part of it.
                    var used = instance;
                    if (!GuestWorkers.TryDefer(() => Free(used)))
                    {
                        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Pool.Free(s.Used), (Pool: this, Used: instance), preferLocal: false);
                    }
                }
            }

            // On a guest thread, the refill follows the answer (and the free) on the same thread.
            if (!GuestWorkers.TryDefer(RefillHere))
            {
                ScheduleRefill();
            }
        }

        if (volumeRun is not null)
        {
            result = volumeRun.End(result);
        }

        if (record)
        {
            Record(result, fuelUsed, run, limits);
        }

        return result with { Logs = run.Logs };
    }

    private void Record(InvocationResult result, ulong fuelUsed, GuestRun? run, PoolLimits limits)
    {
        Interlocked.Increment(ref _invocations);
        if (!result.Succeeded)
        {
            Interlocked.Increment(ref _failures);
            _failuresByReason.AddOrUpdate(OutcomeReason.Of(result.Outcome), 1, (_, n) => n + 1);
        }

        if (Metered(limits))
        {
            Interlocked.Add(ref _fuelConsumed, (long)fuelUsed);
        }

        if (result.Outcome != InvocationOutcome.Busy)
        {
            _latency.Record(result.Duration);
        }

        if (run is { Metrics.Count: > 0 })
        {
            lock (_customWriters)
            {
                var custom = new Dictionary<string, double>(_custom, StringComparer.Ordinal);
                foreach (var (name, value) in run.Metrics)
                {
                    // The first names seen stay: a guest cannot swap its series around or grow telemetry past the cap.
                    if (custom.Count < WorkloadMetrics.MaxCustomNames || custom.ContainsKey(name))
                    {
                        custom[name] = custom.GetValueOrDefault(name) + value;
                    }
                    else
                    {
                        Interlocked.Increment(ref _customRefused);
                    }
                }

                Volatile.Write(ref _custom, custom);
            }
        }
    }

    /// <summary>
    /// After a run, on its thread: what its memories grew by is counted from the run's start
    /// (an upper bound: when in the run it grew is not known; another thread never reads a running store).
    /// </summary>
    private void AccountGrowth(WarmInstance instance, long startedAt)
    {
        if (_memory is null || instance.Instance is null)
        {
            return;
        }

        long length;
        try
        {
            length = instance.MemoryLength();
        }
        catch (WasmtimeException)
        {
            return; // the run's answer and the engine's bookkeeping matter more than this figure
        }

        if (length > instance.HeldBytes)
        {
            _memory.AddSince(length - instance.HeldBytes, startedAt, _ctx.Time.GetTimestamp());
            instance.HeldBytes = length;
        }
    }

    /// <summary>An instance leaves the pool: the meter stops counting its bytes.</summary>
    private void Release(WarmInstance instance)
    {
        _memory?.Release(instance.HeldBytes, _ctx.Time.GetTimestamp());
        instance.HeldBytes = 0;
    }

    private void Drop(WarmInstance instance)
    {
        Release(instance);
        instance.Dispose();
    }

    private WasiConfiguration Wasi(InvocationRequest request)
    {
        var env = request.Env.Count == 0
            ? _spec.Env.Select(kv => (kv.Key, kv.Value))
            : _spec.Env.Where(kv => !request.Env.ContainsKey(kv.Key)).Concat(request.Env).Select(kv => (kv.Key, kv.Value));
        // The standard streams are not configured here: StandardStreams serves them from the run.
        return new WasiConfiguration().WithArgs(_argv).WithEnvironmentVariables(env);
    }

    private InvocationResult Classify(
        WasmtimeException ex,
        GuestRun run,
        Instance? instance,
        PoolLimits limits,
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

        if (run.OutputExceeded)
        {
            return Result(run, startedAt, InvocationOutcome.OutputLimitExceeded, exitCode: null, OutputLimitText(run, limits));
        }

        if (run.TimedOut)
        {
            return Result(run, startedAt, InvocationOutcome.TimedOut, exitCode: null, TimeoutText(limits));
        }

        if (ex is TrapException { Type: TrapCode.OutOfFuel })
        {
            return Result(run, startedAt, InvocationOutcome.FuelExhausted, exitCode: null, $"fuel limit of {limits.Spec.Fuel} exhausted");
        }

        var reason = WasmErrorText.Summarize(ex.Message);
        if (instance is null && ex is not TrapException && ex.ExitCode is null)
        {
            // Wasmtime: "memory minimum size of N pages exceeds memory limits".
            return reason.Contains("exceeds memory limits", StringComparison.Ordinal)
                ? Result(run, startedAt, InvocationOutcome.MemoryLimitExceeded, exitCode: null, MemoryLimitText(reason, limits))
                : Result(run, startedAt, InvocationOutcome.InstantiationFailed, exitCode: null, "cannot instantiate: " + reason);
        }

        if (ex.ExitCode is 0)
        {
            return Result(run, startedAt, InvocationOutcome.Succeeded, exitCode: 0, error: "");
        }

        var (outcome, text) = ex.ExitCode is { } code
            ? (InvocationOutcome.ExitedWithError, $"exited with code {code}")
            : (InvocationOutcome.Trapped, reason);

        // A failed memory.grow is not a trap: the guest sees -1 and usually aborts. The module's
        // memory.grow calls are hooked to flag a refusal (MemoryGrowHook); a module left unhooked
        // is judged by where its memory stands.
        if (GrowRefused(instance) || MemoryAtLimit(instance, limits))
        {
            (outcome, text) = (InvocationOutcome.MemoryLimitExceeded, MemoryLimitText(text, limits));
        }

        var stderr = WasmRuntime.LastLine(run.Stderr.Written);
        return Result(run, startedAt, outcome, ex.ExitCode, stderr.Length == 0 ? text : $"{text}; stderr: {stderr}");
    }

    private static string OutputLimitText(GuestRun run, PoolLimits limits) =>
        $"output limit of {limits.MaxOutputBytes} bytes exceeded on {(run.Stdout.Truncated ? "stdout" : run.Stderr.Truncated ? "stderr" : "edge.log")}; the run was stopped";

    private static string TimeoutText(PoolLimits limits) => $"timed out after {DurationText.Format(limits.Timeout)}";

    private static string MemoryLimitText(string detail, PoolLimits limits) => $"memory limit of {limits.MemoryBytes} bytes exceeded: {detail}";

    private static bool GrowRefused(Instance? instance) =>
        instance?.GetGlobal(MemoryGrowHook.ExportName)?.GetValue() is int refused && refused != 0;

    private static bool MemoryAtLimit(Instance? instance, PoolLimits limits) =>
        instance is not null
        && instance.GetMemories().Any(m => m.Item2.GetLength() + Memory.PageSize > limits.MemoryBytes);

    private InvocationResult Result(GuestRun run, long startedAt, InvocationOutcome outcome, int? exitCode, string error) => new()
    {
        Outcome = outcome,
        ExitCode = exitCode,
        Stdout = run.Stdout.Written,
        Stderr = run.Stderr.Written,
        OutputTruncated = run.Stdout.Truncated || run.Stderr.Truncated,
        Error = error,
        Duration = _ctx.Time.GetElapsedTime(startedAt),
    };
}
