using System.Globalization;
using Edge.Agent.Core;
using Edge.Agent.State;

namespace Edge.Agent.Workloads;

/// <summary>
/// Reconciles like iotedge's agent: desired + observed → a plan of commands
/// (Edge.Agent.Core) → run here → status reported. One apply at a time.
/// </summary>
internal sealed partial class WorkloadSupervisor(
    IWorkloadRuntime runtime,
    ModuleCache cache,
    AgentStateStore store,
    IModuleSource modules,
    TimeProvider time,
    ILogger<WorkloadSupervisor> logger,
    JobTracker? jobs = null) : IDisposable
{
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly Dictionary<string, WorkloadSpec> _started = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadStatus> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly JobTracker _jobs = jobs ?? new JobTracker(store, time, JobTracker.DefaultBackoff);
    private DesiredState _desired = DesiredState.Empty;
    private readonly PreviousModules _previous = new();

    /// <summary>Raised after any apply that may have changed a workload's status.</summary>
    public event Action? StatusChanged;

    /// <summary>The version of the desired state being run.</summary>
    public long AppliedVersion => Volatile.Read(ref _desired).Version;

    /// <summary>
    /// Accepts and runs a desired state. A state with errors is refused whole
    /// (returns the errors) and what runs stays as it is.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(DesiredState desired, string source, bool persist, CancellationToken cancellationToken)
    {
        var errors = DesiredStateValidator.Validate(desired);
        if (errors.Count > 0)
        {
            LogRefused(desired.Version, source, string.Join("; ", errors));
            return errors;
        }

        await _applying.WaitAsync(cancellationToken);
        try
        {
            if (desired.Version == _desired.Version && _waiting.Count == 0)
            {
                return []; // a version names one whole state: this one runs already
            }

            if (desired.Version < _desired.Version)
            {
                LogVersionWentBack(source, _desired.Version, desired.Version);
            }

            if (persist)
            {
                Persist(desired);
            }

            _desired = desired;
            await ReconcileLockedAsync(source, cancellationToken);
            return [];
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>Stores the desired state being run again, e.g. into a state file just rebuilt.</summary>
    public void PersistApplied()
    {
        var desired = Volatile.Read(ref _desired);
        if (desired.Version > 0)
        {
            Persist(desired);
        }
    }

    /// <summary>
    /// Stores the desired state; a damaged file is rebuilt and written once more. A store that
    /// still fails does not stop the apply: the state runs from memory and the failure shows in
    /// the store's health.
    /// </summary>
    private void Persist(DesiredState desired) => store.TryWithRecovery(() =>
    {
        store.SaveDesired(desired);
        store.ReportSuccess();
    });

    /// <summary>Whether any workload waits to start because its module could not be had.</summary>
    public bool HasWaiting
    {
        get
        {
            lock (_waiting)
            {
                return _waiting.Count > 0;
            }
        }
    }

    /// <summary>Tries again the workloads that could not start (e.g. a module not yet downloaded).</summary>
    public async Task RetryWaitingAsync(CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            if (_waiting.Count > 0)
            {
                await ReconcileLockedAsync("retry", cancellationToken);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>Every workload's status: what the runtime runs and what waits to start.</summary>
    public IReadOnlyList<WorkloadStatus> Statuses()
    {
        IReadOnlyList<WorkloadStatus> running;
        lock (_started)
        {
            running = [.. _jobs.Present(runtime.Snapshot(), _started)];
        }

        lock (_waiting)
        {
            return [.. running.Concat(_waiting.Values.Where(w => running.All(r => r.Name != w.Name))).OrderBy(s => s.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>A workload's status changed outside an apply (a cold workload was invoked): report it now.</summary>
    public void NotifyStatusChanged() => StatusChanged?.Invoke();

    public void Dispose()
    {
        DisposeRetries();
        _applying.Dispose();
    }

    private async Task ReconcileLockedAsync(string source, CancellationToken cancellationToken)
    {
        ForgetWaitingNotDesired();
        var observed = runtime.Snapshot().ToDictionary(s => s.Name, StringComparer.Ordinal);
        var plan = ReconcilePlanner.Plan(_desired, _started, observed);

        // Fetch every module the plan needs before stopping anything: a workload whose new
        // module cannot be had keeps its old version running instead of going dark.
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var unavailable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var start in plan.OfType<StartWorkload>())
        {
            try
            {
                paths[start.Workload] = await EnsureModuleAsync(start.Spec, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                unavailable[start.Workload] = $"module {start.Spec.ModuleDigest} is not cached and could not be fetched: {ex.Message}";
            }
        }

        foreach (var command in plan)
        {
            LogCommand(command.GetType().Name, command.Workload, command.Reason, _desired.Version, source);
            switch (command)
            {
                case StopWorkload stop when unavailable.ContainsKey(stop.Workload):
                    LogKeptOld(stop.Workload);
                    break;
                case StopWorkload stop:
                    await runtime.StopAsync(stop.Workload, cancellationToken);
                    RemoveStarted(stop.Workload);
                    _jobs.Forget(stop.Workload);
                    SetWaiting(stop.Workload, null);
                    break;
                case StartWorkload start when unavailable.TryGetValue(start.Workload, out var reason):
                    LogModuleUnavailable(start.Workload, reason);
                    SetWaiting(start.Workload, new WorkloadStatus
                    {
                        Name = start.Workload,
                        Phase = WorkloadPhase.Pending,
                        Message = reason,
                        ModuleDigest = start.Spec.ModuleDigest,
                        Since = time.GetUtcNow(),
                    });
                    break;
                case StartWorkload start:
                    await StartAsync(start.Spec, paths[start.Workload], cancellationToken);
                    break;
                case UpdateWorkload update when await runtime.UpdateAsync(update.Spec, cancellationToken):
                    SetStarted(update.Spec);
                    break;
                case UpdateWorkload update:
                    // The runtime could not change it in place (e.g. it is Failed): restart it.
                    await RestartAsync(update.Spec, cancellationToken);
                    break;
            }
        }

        CollectUnusedModules();
        StatusChanged?.Invoke();
    }

    /// <summary>Modules no desired or running workload names, nor is the one a desired workload ran before, leave the disk, source and compiled.</summary>
    private void CollectUnusedModules()
    {
        var inUse = _previous.Keep(_desired.Workloads.Select(w => (w.Name, w.ModuleDigest))) // a rollback needs no download
            .Concat(runtime.Snapshot().Select(s => s.ModuleDigest))
            .ToHashSet(StringComparer.Ordinal);
        var removed = cache.Collect(inUse) + runtime.CollectUnused(inUse);
        if (removed > 0)
        {
            LogCollected(removed);
        }
    }

    private async Task StartAsync(WorkloadSpec spec, string path, CancellationToken cancellationToken)
    {
        if (spec.IsJob && _jobs.Finished(spec))
        {
            // Finished before a restart with this very spec: it stays finished, nothing runs.
            SetStarted(spec);
            SetWaiting(spec.Name, null);
            LogJobAlreadyFinished(spec.Name);
            return;
        }

        var status = await runtime.StartAsync(spec, path, cancellationToken);
        SetStarted(spec);
        SetWaiting(spec.Name, null);
        if (spec.IsJob)
        {
            EndedJob(spec, status);
        }

        if (status.Phase == WorkloadPhase.Failed)
        {
            LogFailed(spec.Name, status.Message);
        }
        else
        {
            LogStarted(spec.Name, spec.ModuleDigest, status.Phase);
        }
    }

    private async Task RestartAsync(WorkloadSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            var path = await EnsureModuleAsync(spec, cancellationToken);
            await runtime.StopAsync(spec.Name, cancellationToken);
            RemoveStarted(spec.Name);
            await StartAsync(spec, path, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogModuleUnavailable(spec.Name, $"module {spec.ModuleDigest} is not cached and could not be fetched: {ex.Message}");
        }
    }

    /// <summary>A workload that waited for its module and is no longer wanted is no longer reported.</summary>
    private void ForgetWaitingNotDesired()
    {
        lock (_waiting)
        {
            foreach (var name in _waiting.Keys.Where(n => _desired.Workloads.All(w => w.Name != n)).ToList())
            {
                _waiting.Remove(name);
                _attempts.Remove(name);
            }
        }
    }

    private async Task<string> EnsureModuleAsync(WorkloadSpec spec, CancellationToken cancellationToken)
    {
        if (cache.HasValid(spec.ModuleDigest))
        {
            return cache.PathOf(spec.ModuleDigest);
        }

        var bytes = await modules.FetchAsync(spec.ModuleDigest, spec.ModuleSizeBytes, cancellationToken);
        var path = await cache.StoreAsync(spec.ModuleDigest, bytes, cancellationToken);
        LogFetched(spec.ModuleDigest, bytes.Length);
        return path;
    }

    private void SetWaiting(string name, WorkloadStatus? status)
    {
        lock (_waiting)
        {
            if (status is null)
            {
                _waiting.Remove(name);
                _attempts.Remove(name);
            }
            else if (_waiting.TryGetValue(name, out var had) && had.ModuleDigest == status.ModuleDigest)
            {
                // A retry that fails again keeps when the wait began: the node's NotApplying bound counts from it.
                var attempts = _attempts[name] = _attempts.GetValueOrDefault(name, 1) + 1;
                _waiting[name] = status with
                {
                    Since = had.Since,
                    Message = string.Create(CultureInfo.InvariantCulture, $"{status.Message} ({attempts} attempts since {had.Since:HH:mm:ss}Z, tried again with backoff)"),
                };
            }
            else
            {
                _attempts[name] = 1;
                _waiting[name] = status;
            }
        }
    }
}
