namespace Edge.Agent.Core;

/// <summary>
/// Reconnect delays: exponential from <c>min</c> to <c>max</c> with "equal
/// jitter" (half fixed, half random), so a fleet that lost its controller
/// at once does not come back at once, and no node retries in a tight loop.
/// See https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/.
/// </summary>
public static class Backoff
{
    /// <param name="attempt">0 for the first retry.</param>
    /// <param name="random01">A uniform random number in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        var exponent = Math.Min(attempt, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, exponent));
        var half = ceiling / 2;
        return TimeSpan.FromMilliseconds(half + (half * Math.Clamp(random01, 0, 1)));
    }
}
