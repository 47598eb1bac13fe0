namespace Edge.Controller.Fleet;

/// <summary>
/// What node health is judged from, kept beside a <see cref="NodeEntry"/> and written from the
/// node's stream and the telemetry ingest without the fleet lock (its own small lock).
/// </summary>
internal sealed class NodeHealthFacts
{
    private readonly Lock _gate = new();
    private DateTimeOffset _connectedSince;
    private DateTimeOffset? _behindSince;
    private DateTimeOffset? _lastTelemetry;
    private StoreReport _store = StoreReport.None;

    /// <summary>A new stream began (hello).</summary>
    public void Connected(DateTimeOffset now)
    {
        lock (_gate)
        {
            _connectedSince = now;
        }
    }

    /// <summary>A hello, heartbeat or report: the versions as they stand now, and the store's health.</summary>
    public void Observe(long desired, long applied, StoreReport? store, DateTimeOffset now)
    {
        lock (_gate)
        {
            _behindSince = applied >= desired ? null : _behindSince ?? now;
            _store = store ?? _store;
        }
    }

    public void TelemetryArrived(DateTimeOffset now)
    {
        lock (_gate)
        {
            _lastTelemetry = now;
        }
    }

    public (DateTimeOffset ConnectedSince, DateTimeOffset? BehindSince, DateTimeOffset? LastTelemetry, StoreReport Store) Read()
    {
        lock (_gate)
        {
            return (_connectedSince, _behindSince, _lastTelemetry, _store);
        }
    }
}
