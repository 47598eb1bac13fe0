using Edge.Shared;

namespace Edge.Controller.Events;

/// <summary>The event log on /metrics: what it keeps, what it recorded, and whether its writes fail.</summary>
internal sealed partial class EventLog
{
    private long _recorded;
    private long _flushFailures;
    private string? _flushFailure;

    /// <summary>Why the last write to the fleet store failed; null once one succeeded.</summary>
    public string? FlushFailure => Volatile.Read(ref _flushFailure);

    public string Render()
    {
        int kept;
        int watches;
        int unflushed;
        lock (_gate)
        {
            kept = _byKey.Count;
            watches = _watches.Count;
            unflushed = _store is null ? 0 : _dirty.Count + _dropped.Count;
        }

        return new PrometheusText()
            .Metric("edge_events_kept", "gauge", "Events the event log keeps (bounded by Controller:Events:MaxEvents and Retention).", kept)
            .Metric("edge_events_recorded_total", "counter", "Events recorded, folded ones included.", Interlocked.Read(ref _recorded))
            .Metric("edge_events_watches", "gauge", "Open WatchEvents streams.", watches)
            .Metric("edge_events_unflushed", "gauge", "New, folded or dropped events not yet written to the fleet store (lost if the controller is killed now).", unflushed)
            .Metric("edge_events_flush_failures_total", "counter", "Failed writes of the event log to the fleet store (retried at the next flush).", Interlocked.Read(ref _flushFailures))
            .ToString();
    }

    private void Flushed(Exception? failure)
    {
        if (failure is not null)
        {
            Interlocked.Increment(ref _flushFailures);
        }

        Volatile.Write(ref _flushFailure, failure?.GetBaseException().Message);
    }
}
