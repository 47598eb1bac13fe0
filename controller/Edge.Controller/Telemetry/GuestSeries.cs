namespace Edge.Controller.Telemetry;

/// <summary>One guest metric of a workload on a node: its last cumulative value and the series of its rate (value/s).</summary>
internal sealed class GuestSeries(SeriesRetention retention)
{
    public SeriesBuffer Rates { get; } = new(1, retention);

    public double? Last { get; private set; }

    public long LastAtMs { get; private set; }

    public void Record(long atMs, ulong sequence, double value)
    {
        var rate = CounterRate.OrNaN(Last, value, (atMs - LastAtMs) / 1000.0);
        if (!double.IsNaN(rate))
        {
            Rates.Add(atMs, sequence, [rate]);
        }

        Last = value;
        LastAtMs = atMs;
    }
}
