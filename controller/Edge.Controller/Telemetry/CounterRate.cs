namespace Edge.Controller.Telemetry;

/// <summary>Per-second rates of cumulative counters; a counter that went down (its source restarted) counts from zero.</summary>
internal static class CounterRate
{
    /// <summary>The rate, or 0 with no earlier value (the series' first point).</summary>
    public static double OrZero(ulong? before, ulong now, double seconds) =>
        before is null || seconds <= 0 ? 0 : (now >= before.Value ? now - before.Value : now) / seconds;

    /// <summary>The rate, or NaN (not known yet) with no earlier value.</summary>
    public static double OrNaN(double? before, double now, double seconds) =>
        before is null || seconds <= 0 ? double.NaN : (now >= before.Value ? now - before.Value : now) / seconds;
}
