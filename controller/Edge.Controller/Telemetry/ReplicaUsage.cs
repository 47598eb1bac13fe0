using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Telemetry;

/// <summary>
/// A workload's usage per replica from its telemetry series, for the vertical recommender. The
/// agent reports rates, latency and instances per workload, not cgroup figures, so: CPU is the
/// time invocations spend running per second (Little's law: invocations/s × p50 latency in ms =
/// millicores, a guest runs on one thread), and memory is the invocations in flight (at least one)
/// times the per-invocation memory limit, what those instances may hold at most.
/// </summary>
internal static class ReplicaUsage
{
    /// <summary>The agent's per-invocation memory limit when a workload sets none (WasmRuntimeOptions.DefaultMaxMemoryBytes).</summary>
    public const long DefaultInvocationMemoryBytes = 64L * 1024 * 1024;

    public static IReadOnlyList<UsageSample> Samples(TelemetrySeriesStore series, string workload, long invocationMemoryBytes, DateTimeOffset since)
    {
        var perInstance = invocationMemoryBytes > 0 ? invocationMemoryBytes : DefaultInvocationMemoryBytes;
        var samples = new List<UsageSample>();
        foreach (var node in series.All())
        {
            foreach (var p in node.Raw(workload, since.ToUnixTimeMilliseconds()))
            {
                var rate = p.Values[SeriesMetrics.Invocations];
                var p50 = p.Values[SeriesMetrics.P50];
                var busy = p.Values[SeriesMetrics.Busy];
                var cpu = double.IsFinite(rate) && double.IsFinite(p50) ? Math.Max(0, rate * p50) : double.NaN;
                var inFlight = double.IsFinite(busy) ? Math.Max(1, (long)Math.Ceiling(busy)) : 1;
                samples.Add(new UsageSample(DateTimeOffset.FromUnixTimeMilliseconds(p.AtMs), cpu, inFlight * perInstance));
            }
        }

        return samples;
    }
}
