namespace Edge.Agent.Core;

/// <summary>
/// Time-weighted account of the linear memory a workload's instances hold: bytes held now,
/// the cumulative byte×time integral, and the peak since the last interval began.
/// Linear memory only grows inside an instance, and a running store's memory is read only
/// on its own thread, so a run's growth is known when it ends and is counted from the run's
/// start (<see cref="AddSince"/>, an upper bound), but never from before the current interval:
/// an interval already reported is not revised. Timestamps are <see cref="TimeProvider.GetTimestamp"/>
/// values; callers on several threads may pass them slightly out of order, so time never runs back.
/// <para>
/// Lock-free: the figures are one immutable state swapped whole (compare-and-swap), so a reader
/// (the status page, the telemetry sampler) never waits on a writer. Writers are guest threads at
/// the end of their runs, at the lowest scheduling priority: one preempted while holding a lock
/// would hold every reader for as long as the kernel gives it no CPU.
/// </para>
/// </summary>
public sealed class MemoryMeter
{
    private static long s_meters;

    private readonly long _id = Interlocked.Increment(ref s_meters);
    private readonly long _start;
    private readonly double _frequency;
    private State _state;

    public MemoryMeter(long startTimestamp, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        _start = startTimestamp;
        _frequency = timestampFrequency;
        _state = new State(startTimestamp, startTimestamp, 0, 0, 0);
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

        while (true)
        {
            var seen = Volatile.Read(ref _state);
            var next = Advance(seen, now);
            var from = Math.Clamp(since, next.IntervalStart, next.Last);
            var held = next.Held + bytes;
            next = next with
            {
                ByteSeconds = next.ByteSeconds + (bytes * ((next.Last - from) / _frequency)),
                Held = held,
                Peak = Math.Max(next.Peak, held),
            };
            if (Interlocked.CompareExchange(ref _state, next, seen) == seen)
            {
                return;
            }
        }
    }

    /// <summary>An instance holding <paramref name="bytes"/> is gone. Held bytes never go below zero.</summary>
    public void Release(long bytes, long now)
    {
        if (bytes <= 0)
        {
            return;
        }

        while (true)
        {
            var seen = Volatile.Read(ref _state);
            var next = Advance(seen, now);
            next = next with { Held = Math.Max(0, next.Held - bytes) };
            if (Interlocked.CompareExchange(ref _state, next, seen) == seen)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The figures as of <paramref name="now"/>; with <paramref name="newInterval"/> the peak
    /// starts again from what is held now (the telemetry sampler's read).
    /// </summary>
    public MemoryReading Read(long now, bool newInterval)
    {
        while (true)
        {
            var seen = Volatile.Read(ref _state);
            var next = Advance(seen, now);
            var reading = new MemoryReading(_id, next.Held, next.ByteSeconds, TimeSpan.FromSeconds((next.Last - _start) / _frequency), next.Peak);
            if (!newInterval)
            {
                return reading; // a plain read changes nothing: the advance is recomputed by the next writer
            }

            next = next with { Peak = next.Held, IntervalStart = next.Last };
            if (Interlocked.CompareExchange(ref _state, next, seen) == seen)
            {
                return reading;
            }
        }
    }

    /// <summary>The state moved on to <paramref name="now"/> (never back): the held bytes' integral grows.</summary>
    private State Advance(State state, long now) =>
        now > state.Last
            ? state with { ByteSeconds = state.ByteSeconds + (state.Held * ((now - state.Last) / _frequency)), Last = now }
            : state;

    /// <summary>Everything the meter knows, replaced whole.</summary>
    private sealed record State(long Last, long IntervalStart, long Held, long Peak, double ByteSeconds);
}
