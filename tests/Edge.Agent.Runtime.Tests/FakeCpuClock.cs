namespace Edge.Agent.Runtime.Tests;

/// <summary>A thread CPU clock that fails, or stands still at one value.</summary>
internal sealed class FakeCpuClock(bool fails, long nanoseconds = 0) : IThreadCpuClock
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public bool TryRead(out long value)
    {
        Interlocked.Increment(ref _reads);
        value = fails ? 0 : nanoseconds;
        return !fails;
    }
}
