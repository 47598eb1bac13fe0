namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// A workload's own metric, reported by its guest through the edge.metric host function and
/// followed by an autoscaler as <c>guest:NAME</c>: the per-second rate of what it reported under NAME.
/// </summary>
public static class GuestMetric
{
    public const string Prefix = "guest:";

    public const int MaxNameLength = 64;

    /// <summary>Whether the metric name is a guest one (starts with <c>guest:</c>), valid or not.</summary>
    public static bool IsGuest(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric.StartsWith(Prefix, StringComparison.Ordinal);
    }

    /// <summary>NAME of <c>guest:NAME</c>.</summary>
    public static string NameOf(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric[Prefix.Length..];
    }

    /// <summary>[a-zA-Z_][a-zA-Z0-9_]{0,63}, checked by hand: ingest calls it for every reported name.</summary>
    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxNameLength || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The problem with a Pods or External metric name, or null when it is a built-in series or a valid guest:NAME.</summary>
    /// <param name="metric">The name as written.</param>
    /// <param name="builtIn">The workload series the controller keeps.</param>
    /// <param name="source">"Pods" or "External" to name in the message, or null.</param>
    public static string? Problem(string metric, IReadOnlyList<string> builtIn, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(builtIn);
        if (IsGuest(metric))
        {
            return IsValidName(metric.AsSpan(Prefix.Length))
                ? null
                : $"guest metric \"{metric}\": the name after \"{Prefix}\" must match [a-zA-Z_][a-zA-Z0-9_]{{0,63}}";
        }

        return builtIn.Contains(metric, StringComparer.Ordinal)
            ? null
            : $"unknown {(source is null ? "" : source + " ")}metric \"{metric}\"; known: {string.Join(", ", builtIn)}, or {Prefix}NAME for a metric the workload reports itself";
    }
}
