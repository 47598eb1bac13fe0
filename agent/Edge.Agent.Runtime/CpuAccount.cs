namespace Edge.Agent.Runtime;

/// <summary>
/// One pool's CPU time: the calling thread's CPU clock read before and after each run and
/// each instantiation, summed. A guest runs on its caller's thread from start to end, so the
/// difference is its run's own. One failed read makes the total unknown for good: a sum that
/// silently missed runs would under-report.
/// </summary>
internal sealed class CpuAccount(IThreadCpuClock? clock)
{
    private long _nanoseconds;
    private int _broken = clock is null ? 1 : 0;

    /// <summary>Total so far; null when not measured.</summary>
    public TimeSpan? Total => Volatile.Read(ref _broken) != 0
        ? null
        : TimeSpan.FromTicks(Interlocked.Read(ref _nanoseconds) / 100);

    /// <summary>The thread's CPU clock before a piece of work; -1 when it is not measured.</summary>
    public long Start()
    {
        if (clock is null || Volatile.Read(ref _broken) != 0)
        {
            return -1;
        }

        if (clock.TryRead(out var now))
        {
            return now;
        }

        Volatile.Write(ref _broken, 1);
        return -1;
    }

    /// <summary>Adds the CPU time the thread used since <paramref name="start"/> (from <see cref="Start"/>, on this thread).</summary>
    public void Stop(long start)
    {
        if (start < 0)
        {
            return;
        }

        if (clock!.TryRead(out var now))
        {
            Interlocked.Add(ref _nanoseconds, Math.Max(0, now - start));
        }
        else
        {
            Volatile.Write(ref _broken, 1);
        }
    }
}
