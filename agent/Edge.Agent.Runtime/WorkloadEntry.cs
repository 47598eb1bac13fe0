using Edge.Agent.Core;
namespace Edge.Agent.Runtime;

/// <summary>
/// One started workload: its spec, its instance pool (none when Failed) and counters.
/// Runs lease the entry so a replaced or stopped workload's pool and module are disposed
/// only after the last run that uses them has finished.
/// </summary>
internal sealed class WorkloadEntry
{
    private readonly WorkloadStatus _status;
    private readonly long _startInvocations;
    private readonly long _startFailures;
    private int _leases = 1; // the runtime's own reference, dropped by Retire
    private int _retired;

    private WorkloadSpec _spec;

    public WorkloadEntry(WorkloadSpec spec, InstancePool? pool, bool hasEntryPoint, WorkloadStatus status)
    {
        _spec = spec;
        Pool = pool;
        _status = status;
        _startInvocations = pool is null ? status.Invocations : 0;
        _startFailures = pool is null ? status.Failures : 0;
        HasEntryPoint = hasEntryPoint;
    }

    /// <summary>The spec it runs; limits and the cold flag change in place (<see cref="Update"/>).</summary>
    public WorkloadSpec Spec => Volatile.Read(ref _spec);

    public InstancePool? Pool { get; }

    public bool HasEntryPoint { get; }

    public WorkloadPhase Phase => _status.Phase;

    public string Message => _status.Message;

    public WorkloadStatus ToStatus()
    {
        var (invocations, failures) = Pool?.Counts() ?? (0, 0);
        var refusal = Pool?.Volumes?.Refusal;
        return _status with
        {
            Phase = refusal is null ? _status.Phase : WorkloadPhase.Failed,
            Message = refusal ?? _status.Message,
            Invocations = _startInvocations + invocations,
            Failures = _startFailures + failures,
            Cold = Spec.Cold,
            Woken = Pool?.Woken ?? false,
            WarmInstances = Pool?.WarmCount ?? 0,
        };
    }

    /// <summary>Applies new limits or the cold flag to the running pool; false when there is no pool to change.</summary>
    public bool Update(WorkloadSpec spec)
    {
        if (Pool is not { } pool || Phase != WorkloadPhase.Running)
        {
            return false;
        }

        pool.Update(spec);
        Volatile.Write(ref _spec, spec);
        return true;
    }

    public WorkloadMetrics ToMetrics(bool newInterval)
    {
        if (Pool is { } pool)
        {
            return pool.Metrics(Spec.Name, newInterval);
        }

        var status = ToStatus();
        return new WorkloadMetrics { Name = Spec.Name, Invocations = status.Invocations, Failures = status.Failures };
    }

    /// <summary>Takes a lease for one run; false once the entry is retired and its module gone.</summary>
    public bool TryAcquire()
    {
        var leases = Volatile.Read(ref _leases);
        while (leases > 0)
        {
            var seen = Interlocked.CompareExchange(ref _leases, leases + 1, leases);
            if (seen == leases)
            {
                return true;
            }

            leases = seen;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            Pool?.Dispose();
        }
    }

    /// <summary>The runtime forgets this entry; its module goes when the last run ends.</summary>
    public void Retire()
    {
        if (Interlocked.Exchange(ref _retired, 1) == 0)
        {
            Release();
        }
    }
}
