namespace Edge.Controller.Telemetry;

/// <summary>Average, minimum and maximum of each metric over one rollup interval.</summary>
internal sealed class RollupBucket
{
    public RollupBucket(long startMs, int metrics)
    {
        StartMs = startMs;
        Sum = new double[metrics];
        Min = new double[metrics];
        Max = new double[metrics];
        Array.Fill(Min, double.PositiveInfinity);
        Array.Fill(Max, double.NegativeInfinity);
    }

    public long StartMs { get; }

    public int Count { get; private set; }

    public double[] Sum { get; }

    public double[] Min { get; }

    public double[] Max { get; }

    public void Add(double[] values)
    {
        Count++;
        for (var i = 0; i < values.Length; i++)
        {
            Sum[i] += values[i];
            Min[i] = Math.Min(Min[i], values[i]);
            Max[i] = Math.Max(Max[i], values[i]);
        }
    }
}
