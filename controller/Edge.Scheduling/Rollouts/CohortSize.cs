namespace Edge.Scheduling.Rollouts;

/// <summary>A cohort as a count of nodes or a percent of the workload's nodes (a canary of 2, a wave of 10 %).</summary>
public readonly record struct CohortSize(int? Count, double? Percent)
{
    public static CohortSize Nodes(int count) =>
        count > 0 ? new(count, null) : throw new ArgumentOutOfRangeException(nameof(count), count, "a cohort has at least one node");

    public static CohortSize Share(double percent) =>
        percent is > 0 and <= 100 ? new(null, percent) : throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percent is above 0 and at most 100");

    /// <summary>How many of <paramref name="total"/> nodes: a percent rounds up and is at least one node (of a non-empty fleet); never more than the total.</summary>
    public int Of(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (total == 0)
        {
            return 0;
        }

        var n = Count ?? (int)Math.Ceiling(total * (Percent ?? 100) / 100.0 - 1e-9);
        return Math.Clamp(n, 1, total);
    }

    public override string ToString() => Count is { } c ? $"{c} node(s)" : $"{Percent:0.###} %";
}
