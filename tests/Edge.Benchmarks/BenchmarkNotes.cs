namespace Edge.Benchmarks;

/// <summary>
/// Figures a suite could not measure: the suite returns NaN for the key and
/// says why here; the JSON gets null for it and "{key}_null_reason".
/// A figure whose clock needs saying gets "{key}_note" after it (<see cref="Describe"/>).
/// </summary>
internal static class BenchmarkNotes
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, string> Notes = new(StringComparer.Ordinal);

    /// <summary>How a figure was measured, written into the JSON beside it.</summary>
    public static void Describe(string key, string note)
    {
        lock (Notes)
        {
            Notes[key] = note;
        }
    }

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

            lock (Notes)
            {
                if (Notes.TryGetValue(key, out var note))
                {
                    result[$"{key}_note"] = note;
                }
            }
        }

        return result;
    }
}
