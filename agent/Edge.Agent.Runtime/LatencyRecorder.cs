using Edge.Agent.Core;

namespace Edge.Agent.Runtime;

/// <summary>Lock-free counts of invocation latency into fixed buckets, read as a <see cref="LatencyHistogram"/>.</summary>
internal sealed class LatencyRecorder
{
    // From tens of microseconds (a warm run) to the longest timeout.
    private static readonly double[] BoundsMs = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly long[] _counts = new long[BoundsMs.Length + 1];
    private long _sumTicks;

    public void Record(TimeSpan duration)
    {
        var ms = duration.TotalMilliseconds;
        var bucket = Array.BinarySearch(BoundsMs, ms);
        Interlocked.Increment(ref _counts[bucket >= 0 ? bucket : ~bucket]);
        Interlocked.Add(ref _sumTicks, duration.Ticks);
    }

    public LatencyHistogram Snapshot() => new()
    {
        BoundsMs = BoundsMs,
        Counts = [.. Enumerable.Range(0, _counts.Length).Select(i => Interlocked.Read(ref _counts[i]))],
        SumMs = TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks)).TotalMilliseconds,
    };
}
