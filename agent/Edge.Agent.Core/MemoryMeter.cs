namespace Edge.Agent.Core;

/// <summary>
/// Time-weighted account of the linear memory a workload's instances hold: bytes held now,
/// the cumulative byte×time integral, and the peak since the last interval began.
/// Linear memory only grows inside an instance, and a running store's memory is read only
/// on its own thread, so a run's growth is known when it ends and is counted from the run's
/// start (<see cref="AddSince"/>, an upper bound), but never from before the current interval:
/// an interval already reported is not revised. Timestamps are <see cref="TimeProvider.GetTimestamp"/>
/// values; callers on several threads may pass them slightly out of order, so time never runs back.
/// </summary>
public sealed class MemoryMeter
{
    private static long s_meters;

    private readonly Lock _gate = new();
    private readonly long _id = Interlocked.Increment(ref s_meters);
    private readonly long _start;
    private readonly double _frequency;
    private long _last;
    private long _intervalStart;
    private long _held;
    private long _peak;
    private double _byteSeconds;

    public MemoryMeter(long startTimestamp, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        _start = _last = _intervalStart = startTimestamp;
        _frequency = timestampFrequency;
    }

    /// <summary>An instance now holds <paramref name="bytes"/> more (a new warm instance).</summary>
    public void Add(long bytes, long now) => AddSince(bytes, now, now);

    /// <summary>
    /// An instance grew by <paramref name="bytes"/> at some time between <paramref name="since"/>
    /// and <paramref name="now"/>; counted as held from <paramref name="since"/> (or the interval's start, if later).
    /// </summary>
    public void AddSince(long bytes, long since, long now)
    {
        if (bytes <= 0)
        {
            return;
        }

        lock (_gate)
        {
            now = Advance(now);
            var from = Math.Clamp(since, _intervalStart, now);
            _byteSeconds += bytes * ((now - from) / _frequency);
            _held += bytes;
            _peak = Math.Max(_peak, _held);
        }
    }

    /// <summary>An instance holding <paramref name="bytes"/> is gone. Held bytes never go below zero.</summary>
    public void Release(long bytes, long now)
    {
        if (bytes <= 0)
        {
            return;
        }

        lock (_gate)
        {
            Advance(now);
            _held = Math.Max(0, _held - bytes);
        }
    }

    /// <summary>
    /// The figures as of <paramref name="now"/>; with <paramref name="newInterval"/> the peak
    /// starts again from what is held now (the telemetry sampler's read).
    /// </summary>
    public MemoryReading Read(long now, bool newInterval)
    {
        lock (_gate)
        {
            now = Advance(now);
            var reading = new MemoryReading(_id, _held, _byteSeconds, TimeSpan.FromSeconds((now - _start) / _frequency), _peak);
            if (newInterval)
            {
                _peak = _held;
                _intervalStart = now;
            }

            return reading;
        }
    }

    private long Advance(long now)
    {
        if (now > _last)
        {
            _byteSeconds += _held * ((now - _last) / _frequency);
            _last = now;
        }

        return _last;
    }
}
