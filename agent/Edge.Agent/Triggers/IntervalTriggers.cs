using Edge.Agent.Core;
using Edge.Agent.Runtime;
using Edge.Agent.Workloads;

namespace Edge.Agent.Triggers;

/// <summary>Runs each running workload's interval triggers on a <see cref="PeriodicTimer"/>; follows workloads as they start, change and stop.</summary>
internal sealed partial class IntervalTriggers(
    WasmRuntime runtime,
    WorkloadSupervisor supervisor,
    TimeProvider time,
    ILogger<IntervalTriggers> logger) : BackgroundService
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (CancellationTokenSource Stop, Task Loop)> _loops = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var changes = new TriggerChanges(supervisor);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var next = changes.Next;
                Sync(stoppingToken);
                await TriggerChanges.WaitAsync(next, Resync, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var (stop, _) in _loops.Values)
            {
                await stop.CancelAsync();
            }

            await Task.WhenAll(_loops.Values.Select(l => l.Loop));
            foreach (var (stop, _) in _loops.Values)
            {
                stop.Dispose();
            }
        }
    }

    private void Sync(CancellationToken stoppingToken)
    {
        var wanted = runtime.RunningSpecs()
            .SelectMany(spec => spec.Triggers.Select((t, i) => (spec, t, i)))
            .Where(x => x.t.Kind == TriggerKind.Interval)
            .ToDictionary(x => $"{x.spec.Name}|{x.i}|{x.t.Interval}|{x.spec.ModuleDigest}", x => (x.spec.Name, x.t.Interval), StringComparer.Ordinal);
        foreach (var key in _loops.Keys.Where(k => !wanted.ContainsKey(k)).ToList())
        {
            var (stop, _) = _loops[key];
            stop.Cancel();
            stop.Dispose();
            _loops.Remove(key);
        }

        foreach (var (key, (name, interval)) in wanted.Where(w => !_loops.ContainsKey(w.Key)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _loops[key] = (stop, RunAsync(name, interval, stop.Token));
            LogScheduled(name, interval);
        }
    }

    private async Task RunAsync(string name, TimeSpan interval, CancellationToken cancellationToken)
    {
        var request = new InvocationRequest { Env = new Dictionary<string, string> { ["EDGE_TRIGGER"] = "interval" } };
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    // Failures are counted and logged by the runtime; the next tick runs again.
                    await runtime.InvokeAsync(name, request, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
                {
                    LogRunFailed(name, ex.Message);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped: the workload went away or the agent is shutting down.
        }
    }
}
