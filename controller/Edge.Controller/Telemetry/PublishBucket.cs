namespace Edge.Controller.Telemetry;

/// <summary>A token bucket: <c>rate</c> publishes per second on average, <c>burst</c> at once. Thread-safe.</summary>
internal sealed class PublishBucket(double rate, int burst, long startTimestamp)
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private long _last = startTimestamp;

    /// <summary>Takes one token at <paramref name="timestamp"/> (TimeProvider ticks of <paramref name="frequency"/> per second); false when empty.</summary>
    public bool TryTake(long timestamp, long frequency)
    {
        lock (_gate)
        {
            var elapsed = (double)Math.Max(0, timestamp - _last) / frequency;
            _last = Math.Max(_last, timestamp);
            _tokens = Math.Min(burst, _tokens + (elapsed * rate));
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }
}
