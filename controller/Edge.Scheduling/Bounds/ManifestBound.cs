using System.Globalization;

namespace Edge.Scheduling.Bounds;

/// <summary>
/// One documented range: a manifest field of a kind (or a count of its entries, or the size of
/// its texts) and the smallest and largest value accepted at apply, by edgectl and the controller.
/// </summary>
/// <param name="Kind">The manifest kind: Workload, Tenant, WorkloadAutoscaler, NodeGroup.</param>
/// <param name="Field">The manifest path, list indices as [] (spec.triggers[].every).</param>
/// <param name="Min">The smallest value accepted.</param>
/// <param name="Max">The largest value accepted.</param>
/// <param name="Unit">What the numbers count.</param>
public sealed record ManifestBound(string Kind, string Field, long Min, long Max, BoundUnit Unit)
{
    /// <summary>"must be from 0 to 100,000, got 2,147,483,647", or null within the bound.</summary>
    public string? Problem(long value) => value >= Min && value <= Max ? null : Unit switch
    {
        BoundUnit.Entries => $"has {Text(value)} entries, at most {Text(Max)} allowed",
        BoundUnit.TextBytes => value > Max ? $"is {Text(value)} bytes long, at most {Text(Max)} allowed" : $"is {Text(value)} bytes long, at least {Text(Min)} needed",
        _ => $"must be from {Text(Min)} to {Text(Max)}, got {Text(value)}",
    };

    /// <summary>The problem of a double-valued field (a cost, a metric target); a non-finite value is always out.</summary>
    public string? Problem(double value) => double.IsFinite(value) && value >= Min && value <= Max
        ? null
        : $"must be from {Text(Min)} to {Text(Max)}, got {value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A bound's number as an operator writes it in this field: 30s, 64Mi, 250m, 100,000.</summary>
    public string Text(long value) => Unit switch
    {
        BoundUnit.Milliseconds => Duration(value),
        BoundUnit.Bytes => value != 0 && value % (1L << 40) == 0 ? Invariant($"{value >> 40}Ti")
            : value != 0 && value % (1L << 30) == 0 ? Invariant($"{value >> 30}Gi")
            : value != 0 && value % (1L << 20) == 0 ? Invariant($"{value >> 20}Mi")
            : value != 0 && value % (1L << 10) == 0 ? Invariant($"{value >> 10}Ki")
            : Invariant($"{value:N0} bytes"),
        BoundUnit.Millicores => Invariant($"{value:N0}m"),
        _ => Invariant($"{value:N0}"),
    };

    private static string Duration(long ms) =>
        ms != 0 && ms % 86_400_000 == 0 ? Invariant($"{ms / 86_400_000}d")
        : ms != 0 && ms % 3_600_000 == 0 ? Invariant($"{ms / 3_600_000}h")
        : ms != 0 && ms % 60_000 == 0 ? Invariant($"{ms / 60_000}m")
        : ms != 0 && ms % 1000 == 0 ? Invariant($"{ms / 1000}s")
        : Invariant($"{ms}ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
