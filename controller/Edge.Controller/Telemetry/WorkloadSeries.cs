using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Telemetry;

/// <summary>
/// One workload's series on one node: its columns (<see cref="SeriesMetrics.Workload"/>) and the
/// rates of its guest metrics, at most <see cref="SeriesMetrics.MaxGuestMetrics"/> names (further
/// names, invalid names and non-finite values are dropped and counted). Rates are taken against
/// the workload's own previous sample. Not thread-safe: its node's series locks.
/// </summary>
internal sealed class WorkloadSeries(SeriesRetention retention)
{
    private Dictionary<string, GuestSeries>? _guests;
    private bool _seen;
    private long _atMs;
    private ulong _invocations;
    private ulong _failures;
    private ulong? _cpuTimeUs;

    public SeriesBuffer Columns { get; } = new(SeriesMetrics.Workload.Count, retention);

    /// <returns>The guest metric values dropped from this sample.</returns>
    public int Record(long atMs, ulong sequence, IngestedWorkload w)
    {
        var seconds = _seen ? (atMs - _atMs) / 1000.0 : 0;
        var cpu = w.CpuTimeUs is { } us && _cpuTimeUs is { } before && seconds > 0
            ? (us >= before ? us - before : us) / seconds / 1000
            : double.NaN;
        var memory = w.MemoryBytes is { } m ? (double)m : double.NaN;
        var peak = w.MemoryBytes is not null ? (double)w.MemoryPeakBytes : double.NaN;
        Columns.Add(atMs, sequence,
        [
            CounterRate.OrZero(_seen ? _invocations : null, w.Invocations, seconds),
            CounterRate.OrZero(_seen ? _failures : null, w.Failures, seconds),
            w.P50Ms, w.P99Ms, w.Warm, w.Busy, w.Queued,
            cpu, memory, peak,
        ]);
        _seen = true;
        _atMs = atMs;
        _invocations = w.Invocations;
        _failures = w.Failures;
        _cpuTimeUs = w.CpuTimeUs;
        return w.Custom is { Count: > 0 } custom ? RecordGuest(atMs, sequence, custom) : 0;
    }

    /// <summary>Its agent sent CPU time in the latest sample: a missing rate is then not yet known, not unmeasured.</summary>
    public bool ReportsCpuTime => _cpuTimeUs is not null;

    public GuestSeries? Guest(string name) => _guests?.GetValueOrDefault(name);

    public IReadOnlyList<string> GuestNames() => _guests is null ? [] : [.. _guests.Keys.Order(StringComparer.Ordinal)];

    private int RecordGuest(long atMs, ulong sequence, IReadOnlyDictionary<string, double> custom)
    {
        var dropped = 0;
        foreach (var (name, value) in custom)
        {
            _guests ??= new Dictionary<string, GuestSeries>(StringComparer.Ordinal);
            if (!_guests.TryGetValue(name, out var guest))
            {
                if (_guests.Count >= SeriesMetrics.MaxGuestMetrics || !GuestMetric.IsValidName(name))
                {
                    dropped++;
                    continue;
                }

                guest = new GuestSeries(retention);
                _guests[name] = guest;
            }

            if (!double.IsFinite(value))
            {
                dropped++;
                continue;
            }

            guest.Record(atMs, sequence, value);
        }

        return dropped;
    }
}
