using Edge.Agent.Core;

namespace Edge.Agent.Workloads;

/// <summary>Jobs: what runs after a job's run ended, and its retries with back-off.</summary>
internal sealed partial class WorkloadSupervisor
{
    private readonly Dictionary<string, ITimer> _retries = new(StringComparer.Ordinal);

    private void DisposeRetries()
    {
        lock (_retries)
        {
            foreach (var timer in _retries.Values)
            {
                timer.Dispose();
            }

            _retries.Clear();
        }
    }

    private void SetStarted(WorkloadSpec spec)
    {
        lock (_started)
        {
            _started[spec.Name] = spec;
        }
    }

    private void RemoveStarted(string name)
    {
        lock (_started)
        {
            _started.Remove(name);
        }

        lock (_retries)
        {
            if (_retries.Remove(name, out var timer))
            {
                timer.Dispose();
            }
        }
    }

    /// <summary>A job's run ended: record it, and when its policy retries, run it again after the back-off.</summary>
    private void EndedJob(WorkloadSpec spec, WorkloadStatus status)
    {
        var decision = _jobs.Ended(spec, status);
        LogJobEnded(spec.Name, decision.Phase, decision.Reason, status.ExitCode);
        if (decision.RetryAfter is not { } delay)
        {
            return;
        }

        lock (_retries)
        {
            if (_retries.Remove(spec.Name, out var old))
            {
                old.Dispose();
            }

            _retries[spec.Name] = time.CreateTimer(_ => _ = RetryJobAsync(spec), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Runs a job again if the same spec is still what this node runs; a failure to run is logged, never thrown.</summary>
    private async Task RetryJobAsync(WorkloadSpec spec)
    {
        try
        {
            await _applying.WaitAsync(CancellationToken.None);
            try
            {
                bool current;
                lock (_started)
                {
                    current = _started.TryGetValue(spec.Name, out var running) && running == spec;
                }

                if (current && _desired.Workloads.Any(w => w.Name == spec.Name && !w.DiffersFrom(spec)))
                {
                    await RestartAsync(spec, CancellationToken.None);
                    StatusChanged?.Invoke();
                }
            }
            finally
            {
                _applying.Release();
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            LogJobRetryFailed(spec.Name, ex.Message);
        }
    }
}
