using Edge.Agent.Core;
using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// One started workload: its spec, its compiled module (none when Failed) and counters.
/// Runs lease the entry so a replaced or stopped workload's module is disposed
/// only after the last run that uses it has finished.
/// </summary>
internal sealed class WorkloadEntry
{
    private readonly WorkloadStatus _status;
    private long _invocations;
    private long _failures;
    private int _leases = 1; // the runtime's own reference, dropped by Retire
    private int _retired;

    public WorkloadEntry(WorkloadSpec spec, Module? module, WorkloadStatus status)
    {
        Spec = spec;
        Module = module;
        _status = status;
        _invocations = status.Invocations;
        _failures = status.Failures;
        HasEntryPoint = module is not null && ModuleLoader.HasEntryPoint(module);
    }

    public WorkloadSpec Spec { get; }

    public Module? Module { get; }

    public bool HasEntryPoint { get; }

    public WorkloadPhase Phase => _status.Phase;

    public string Message => _status.Message;

    public void RecordInvocation(bool succeeded)
    {
        Interlocked.Increment(ref _invocations);
        if (!succeeded)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    public WorkloadStatus ToStatus() => _status with
    {
        Invocations = Interlocked.Read(ref _invocations),
        Failures = Interlocked.Read(ref _failures),
    };

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
            Module?.Dispose();
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
