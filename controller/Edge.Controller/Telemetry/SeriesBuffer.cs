namespace Edge.Controller.Telemetry;

/// <summary>
/// One series: raw points for the raw retention and rollup buckets for the
/// rollup retention, both trimmed against the newest point's time (so the
/// buffer needs no clock). Not thread-safe: its owner locks.
/// </summary>
internal sealed class SeriesBuffer(int metrics, SeriesRetention retention)
{
    private readonly Queue<SeriesPoint> _raw = new();
    private readonly Queue<RollupBucket> _rollups = new();
    private RollupBucket? _open;

    public SeriesPoint? Latest { get; private set; }

    public void Add(SeriesPoint point)
    {
        _raw.Enqueue(point);
        Latest = point;
        var rawFloor = point.AtMs - (long)retention.Raw.TotalMilliseconds;
        while (_raw.Count > 0 && _raw.Peek().AtMs < rawFloor)
        {
            _raw.Dequeue();
        }

        var width = Math.Max(1, (long)retention.RollupInterval.TotalMilliseconds);
        var start = point.AtMs - (((point.AtMs % width) + width) % width);
        if (_open is null || _open.StartMs != start)
        {
            if (_open is not null)
            {
                _rollups.Enqueue(_open);
            }

            _open = new RollupBucket(start, metrics);
        }

        _open.Add(point.Values);
        var rollupFloor = point.AtMs - (long)retention.Rollups.TotalMilliseconds;
        while (_rollups.Count > 0 && _rollups.Peek().StartMs < rollupFloor)
        {
            _rollups.Dequeue();
        }
    }

    public IEnumerable<SeriesPoint> Raw(long sinceMs) => _raw.Where(p => p.AtMs >= sinceMs);

    public IEnumerable<RollupBucket> Rollups(long sinceMs) =>
        (_open is null ? _rollups : _rollups.Append(_open)).Where(b => b.StartMs + (long)retention.RollupInterval.TotalMilliseconds > sinceMs);
}
