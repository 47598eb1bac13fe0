using Edge.Agent.Workloads;

namespace Edge.Agent.Triggers;

/// <summary>
/// Wakes a trigger service when the set of running workloads may have changed.
/// Take <see cref="Next"/> before reading the workloads, then wait on it: a change
/// in between completes it, so none is missed.
/// </summary>
internal sealed class TriggerChanges : IDisposable
{
    private readonly WorkloadSupervisor _supervisor;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TriggerChanges(WorkloadSupervisor supervisor)
    {
        _supervisor = supervisor;
        _supervisor.StatusChanged += Signal;
    }

    public Task Next => Volatile.Read(ref _changed).Task;

    /// <summary>Waits for <paramref name="next"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A periodic look even without a change: reconnects and retries ride on it.
        }
    }

    public void Dispose() => _supervisor.StatusChanged -= Signal;

    private void Signal() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
