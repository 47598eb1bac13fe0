namespace Edge.Controller.Telemetry;

/// <summary>
/// Average, minimum and maximum of each metric over one rollup interval. A NaN value (not
/// reported) is left out of that metric's figures; a metric never reported in the bucket
/// averages to NaN.
/// </summary>
internal sealed class RollupBucket
{
    public RollupBucket(long startMs, int metrics)
    {
        StartMs = startMs;
        Sum = new double[metrics];
        Min = new double[metrics];
        Max = new double[metrics];
        Reported = new int[metrics];
        Array.Fill(Min, double.PositiveInfinity);
        Array.Fill(Max, double.NegativeInfinity);
    }

    public long StartMs { get; }

    public int Count { get; private set; }

    public double[] Sum { get; }

    public double[] Min { get; }

    public double[] Max { get; }

    /// <summary>Points that reported each metric (not NaN).</summary>
    public int[] Reported { get; }

    public void Add(ReadOnlySpan<double> values)
    {
        Count++;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v))
            {
                continue;
            }

            Reported[i]++;
            Sum[i] += v;
            Min[i] = Math.Min(Min[i], v);
            Max[i] = Math.Max(Max[i], v);
        }
    }

    /// <summary>The average of a metric over the points that reported it; NaN when none did.</summary>
    public double Average(int metric) => Reported[metric] == 0 ? double.NaN : Sum[metric] / Reported[metric];

    public double MinOf(int metric) => Reported[metric] == 0 ? double.NaN : Min[metric];

    public double MaxOf(int metric) => Reported[metric] == 0 ? double.NaN : Max[metric];
}
