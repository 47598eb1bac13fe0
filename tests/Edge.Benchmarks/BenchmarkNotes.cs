namespace Edge.Benchmarks;

/// <summary>
/// Figures a suite could not measure: the suite returns NaN for the key and
/// says why here; the JSON gets null for it and "{key}_null_reason".
/// </summary>
internal static class BenchmarkNotes
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal);

    public static double NotMeasured(string key, string reason)
    {
        lock (Reasons)
        {
            Reasons[key] = reason;
        }

        Console.Error.WriteLine($"{key}: not measured: {reason}");
        return double.NaN;
    }

    /// <summary>The figures as JSON values: NaN becomes null, followed by its reason.</summary>
    public static Dictionary<string, object?> ForJson(IReadOnlyDictionary<string, double> figures)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in figures)
        {
            result[key] = double.IsFinite(value) ? value : null;
            lock (Reasons)
            {
                if (!double.IsFinite(value) && Reasons.TryGetValue(key, out var reason))
                {
                    result[$"{key}_null_reason"] = reason;
                }
            }
        }

        return result;
    }
}
