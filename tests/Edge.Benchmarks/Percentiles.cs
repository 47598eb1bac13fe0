namespace Edge.Benchmarks;

/// <summary>Nearest-rank percentiles over a suite's samples: one rule for every suite that uses it.</summary>
internal static class Percentiles
{
    /// <summary>The smallest sample with at least <paramref name="p"/> % of the samples at or below it; NaN for none.</summary>
    public static double Nearest(IEnumerable<double> samples, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 100);
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IEnumerable<double> samples) => Nearest(samples, 50);
}
