using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Telemetry;

/// <summary>
/// A workload's usage per replica from its telemetry series, for the vertical recommender. Where
/// the node's agent measures them: CPU is the rate of the workload's CPU time (millicores), and
/// memory the most linear memory its instances held at once in the interval (the peak, as VPA
/// recommends memory from peaks). Otherwise they are estimated: CPU as the time invocations spend
/// running per second (Little's law: invocations/s × p50 latency in ms = millicores, a guest runs
/// on one thread), memory as the invocations in flight (at least one) times the per-invocation
/// memory limit, what those instances may hold at most. A node's figures are shared among the
/// workload's replicas on it. A sample without a CPU rate from an agent that measures CPU time
/// (its first) is left out rather than estimated.
/// </summary>
internal static class ReplicaUsage
{
    /// <summary>The agent's per-invocation memory limit when a workload sets none (WasmRuntimeOptions.DefaultMaxMemoryBytes).</summary>
    public const long DefaultInvocationMemoryBytes = 64L * 1024 * 1024;

    /// <param name="series">The telemetry series.</param>
    /// <param name="workload">The workload.</param>
    /// <param name="invocationMemoryBytes">Its per-invocation memory limit, 0 for the agent's default.</param>
    /// <param name="since">The oldest sample to take.</param>
    /// <param name="replicasOn">Its replicas per node; a node not in it (or no map) counts one.</param>
    public static ReplicaUsageSamples Samples(
        TelemetrySeriesStore series, string workload, long invocationMemoryBytes, DateTimeOffset since, IReadOnlyDictionary<string, int>? replicasOn = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var perInstance = invocationMemoryBytes > 0 ? invocationMemoryBytes : DefaultInvocationMemoryBytes;
        var samples = new List<UsageSample>();
        int cpuMeasured = 0, memoryMeasured = 0;
        foreach (var node in series.All())
        {
            var share = Math.Max(1, replicasOn?.GetValueOrDefault(node.Node) ?? 1);
            var measuresCpu = node.ReportsCpuTime(workload);
            foreach (var p in node.Raw(workload, since.ToUnixTimeMilliseconds()))
            {
                var measuredCpu = p.Values[SeriesMetrics.CpuMillicores];
                var peak = p.Values[SeriesMetrics.MemoryPeakBytes];
                if (double.IsNaN(measuredCpu) && measuresCpu)
                {
                    continue; // a first sample from an agent that measures CPU: no rate yet, and no estimate in its place
                }

                double cpu;
                if (!double.IsNaN(measuredCpu))
                {
                    cpu = measuredCpu;
                    cpuMeasured++;
                }
                else
                {
                    var rate = p.Values[SeriesMetrics.Invocations];
                    var p50 = p.Values[SeriesMetrics.P50];
                    cpu = double.IsFinite(rate) && double.IsFinite(p50) ? Math.Max(0, rate * p50) : double.NaN;
                }

                long memory;
                if (!double.IsNaN(peak))
                {
                    memory = (long)Math.Ceiling(peak / share);
                    memoryMeasured++;
                }
                else
                {
                    var busy = p.Values[SeriesMetrics.Busy];
                    var inFlight = double.IsFinite(busy) ? Math.Max(1, (long)Math.Ceiling(busy)) : 1;
                    memory = inFlight * perInstance / share;
                }

                samples.Add(new UsageSample(DateTimeOffset.FromUnixTimeMilliseconds(p.AtMs), cpu / share, memory));
            }
        }

        return new ReplicaUsageSamples(samples, cpuMeasured, memoryMeasured);
    }
}
