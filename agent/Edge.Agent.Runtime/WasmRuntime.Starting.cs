using System.Collections.Concurrent;
using Edge.Agent.Core;

namespace Edge.Agent.Runtime;

/// <summary>
/// Workloads being started for the first time (module read, compiled, instantiated): a call that
/// comes meanwhile can wait for it instead of being told there is no such workload.
/// </summary>
public sealed partial class WasmRuntime
{
    private readonly ConcurrentDictionary<string, Starting> _starting = new(StringComparer.Ordinal);

    /// <summary>True while <paramref name="name"/> is being started and no earlier version of it runs.</summary>
    public bool IsStarting(string name) => _starting.ContainsKey(name);

    /// <summary>
    /// Waits up to <paramref name="bound"/> for a workload being started to run; true when it
    /// runs (at once when it already does), false when it is not starting, failed to start, or
    /// is still starting when the bound is reached.
    /// </summary>
    public async Task<bool> WaitRunningAsync(string name, TimeSpan bound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (SpecOf(name) is not null)
        {
            return true;
        }

        if (!_starting.TryGetValue(name, out var starting))
        {
            return false;
        }

        try
        {
            await starting.Done.Task.WaitAsync(bound, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // still compiling: the caller says so
        }

        return SpecOf(name) is not null;
    }

    /// <summary>Marks a first start of <paramref name="spec"/>; null when a version of it runs already (calls go there meanwhile).</summary>
    private Starting? BeginStarting(WorkloadSpec spec)
    {
        if (_workloads.TryGetValue(spec.Name, out var running) && running.Phase == WorkloadPhase.Running)
        {
            return null;
        }

        var starting = new Starting(NewStatus(spec, WorkloadPhase.Pending, "starting: compiling and instantiating its module", 0, failures: 0));
        _starting[spec.Name] = starting;
        return starting;
    }

    private void EndStarting(string name, Starting? starting)
    {
        if (starting is not null)
        {
            _starting.TryRemove(new KeyValuePair<string, Starting>(name, starting));
            starting.Done.TrySetResult();
        }
    }

    /// <summary>Statuses of the workloads being started that the runtime does not hold yet.</summary>
    private IEnumerable<WorkloadStatus> StartingStatuses() =>
        _starting.Where(s => !_workloads.ContainsKey(s.Key)).Select(s => s.Value.Status);

    private sealed record Starting(WorkloadStatus Status)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
