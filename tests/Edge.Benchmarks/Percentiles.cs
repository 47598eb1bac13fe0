namespace Edge.Benchmarks;

/// <summary>Nearest-rank percentiles of a set of samples, the one definition the suites share.</summary>
internal static class Percentiles
{
    /// <summary>The smallest sample with at least <paramref name="percentile"/> % of the samples at or below it; NaN for none.</summary>
    public static double Of(IEnumerable<double> samples, double percentile)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
