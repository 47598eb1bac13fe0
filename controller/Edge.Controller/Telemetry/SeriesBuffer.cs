namespace Edge.Controller.Telemetry;

/// <summary>
/// One series: raw points for the raw retention and rollup buckets for the
/// rollup retention, both trimmed against the newest point's time (so the
/// buffer needs no clock). Raw points live in flat ring arrays (times,
/// sequences, values), not one object per point: ingest adds a point without
/// allocating, and the collector has millions fewer live objects to walk.
/// Readers get copies (<see cref="SeriesPoint"/>). Not thread-safe: its owner locks.
/// </summary>
internal sealed class SeriesBuffer(int metrics, SeriesRetention retention)
{
    private const int InitialCapacity = 8;
    private readonly Queue<RollupBucket> _rollups = new();
    private long[] _at = [];
    private ulong[] _sequence = [];
    private double[] _values = [];
    private int _head;
    private int _count;
    private RollupBucket? _open;

    /// <summary>The newest point (a copy), or null before the first.</summary>
    public SeriesPoint? Latest => _count == 0 ? null : PointAt(_count - 1);

    /// <summary>The newest point's time, or null before the first.</summary>
    public long? LatestAtMs => _count == 0 ? null : _at[Slot(_count - 1)];

    /// <summary>Raw points held (within the raw retention of the newest).</summary>
    public int Count => _count;

    public void Add(SeriesPoint point) => Add(point.AtMs, point.Sequence, point.Values);

    /// <summary>Adds a point of <c>metrics</c> values (in <see cref="SeriesMetrics"/> order); the values are copied.</summary>
    public void Add(long atMs, ulong sequence, ReadOnlySpan<double> values)
    {
        if (values.Length != metrics)
        {
            throw new ArgumentException($"a point of this series has {metrics} values, not {values.Length}", nameof(values));
        }

        var rawFloor = atMs - (long)retention.Raw.TotalMilliseconds;
        while (_count > 0 && _at[_head] < rawFloor)
        {
            _head = (_head + 1) % _at.Length;
            _count--;
        }

        if (_count == _at.Length)
        {
            Grow();
        }

        var slot = Slot(_count);
        _at[slot] = atMs;
        _sequence[slot] = sequence;
        values.CopyTo(_values.AsSpan(slot * metrics, metrics));
        _count++;

        var width = Math.Max(1, (long)retention.RollupInterval.TotalMilliseconds);
        var start = atMs - (((atMs % width) + width) % width);
        if (_open is null || _open.StartMs != start)
        {
            if (_open is not null)
            {
                _rollups.Enqueue(_open);
            }

            _open = new RollupBucket(start, metrics);
        }

        _open.Add(values);
        var rollupFloor = atMs - (long)retention.Rollups.TotalMilliseconds;
        while (_rollups.Count > 0 && _rollups.Peek().StartMs < rollupFloor)
        {
            _rollups.Dequeue();
        }
    }

    /// <summary>Copies of the raw points at or after <paramref name="sinceMs"/>, oldest first.</summary>
    public IEnumerable<SeriesPoint> Raw(long sinceMs)
    {
        var points = new List<SeriesPoint>();
        for (var i = 0; i < _count; i++)
        {
            if (_at[Slot(i)] >= sinceMs)
            {
                points.Add(PointAt(i));
            }
        }

        return points;
    }

    public IEnumerable<RollupBucket> Rollups(long sinceMs) =>
        (_open is null ? _rollups : _rollups.Append(_open)).Where(b => b.StartMs + (long)retention.RollupInterval.TotalMilliseconds > sinceMs);

    private int Slot(int index) => (_head + index) % _at.Length;

    private SeriesPoint PointAt(int index)
    {
        var slot = Slot(index);
        return new SeriesPoint(_at[slot], _sequence[slot], _values.AsSpan(slot * metrics, metrics).ToArray());
    }

    /// <summary>Doubles the ring, oldest point first again.</summary>
    private void Grow()
    {
        var capacity = Math.Max(InitialCapacity, _at.Length * 2);
        var at = new long[capacity];
        var sequence = new ulong[capacity];
        var values = new double[capacity * metrics];
        for (var i = 0; i < _count; i++)
        {
            var slot = Slot(i);
            at[i] = _at[slot];
            sequence[i] = _sequence[slot];
            _values.AsSpan(slot * metrics, metrics).CopyTo(values.AsSpan(i * metrics, metrics));
        }

        (_at, _sequence, _values, _head) = (at, sequence, values, 0);
    }
}
