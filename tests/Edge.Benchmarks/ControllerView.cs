using System.Diagnostics;
using Edge.Protos.V1;

namespace Edge.Benchmarks;

/// <summary>
/// How many replicas of a workload the controller itself counts Running, read through the admin
/// API (ListWorkloads: <c>nodes_running</c> for a global workload, <c>replicas_running</c> for a
/// replicated one), polled from a start time until it holds every expected report. The k-th
/// replica's latency is the first poll whose answer counted at least k Running, timed when the
/// answer arrived: an upper bound, at most one poll period plus one call late.
/// </summary>
internal static class ControllerView
{
    /// <summary>The poll period for small fleets; at thousands of nodes each ListWorkloads costs more and is asked less often.</summary>
    public static readonly TimeSpan Fine = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan Coarse = TimeSpan.FromMilliseconds(20);

    public static string Note(TimeSpan period) => $"read at the controller: admin API ListWorkloads polled every {period.TotalMilliseconds:0} ms "
        + "(nodes_running for a global workload, replicas_running for a replicated one); each replica's time is the arrival of the first answer counting it Running, "
        + "clock from the start of the ApplyWorkload/ScaleWorkload call";

    /// <summary>
    /// Polls until the controller counts <paramref name="expected"/> replicas of <paramref name="workload"/> Running.
    /// <paramref name="start"/> is a <see cref="Stopwatch"/> timestamp taken before the call that changed the workload.
    /// </summary>
    public static async Task<Observed> UntilRunningAsync(AdminService.AdminServiceClient admin, string workload, int expected, long start, TimeSpan bound, TimeSpan period)
    {
        var latencies = new List<double>(expected);
        var calls = new List<double>();
        Workload? last = null;
        while (Stopwatch.GetElapsedTime(start) < bound)
        {
            var asked = Stopwatch.GetTimestamp();
            var answer = await admin.ListWorkloadsAsync(new ListWorkloadsRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
            var at = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            calls.Add(Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
            last = answer.Workloads.FirstOrDefault(w => w.Name == workload);
            var running = last is null ? 0 : Running(last);
            while (latencies.Count < Math.Min(running, expected))
            {
                latencies.Add(at);
            }

            if (latencies.Count >= expected)
            {
                return new Observed(latencies, Percentiles.Median(calls), calls.Count);
            }

            var wait = period - Stopwatch.GetElapsedTime(asked);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        throw new TimeoutException($"not within {bound.TotalSeconds} s: the controller counts {expected} replicas of {workload} Running "
            + $"(last answer: {(last is null ? "no such workload" : $"{Running(last)} Running, {last.ReplicasPlaced} placed")})");
    }

    private static int Running(Workload w) => w.Mode == WorkloadMode.Global ? w.NodesRunning : w.ReplicasRunning;

    /// <param name="Latencies">Per replica, in the order the controller counted them, ms from the start.</param>
    /// <param name="PollCallMedianMs">The median ListWorkloads call: the view's resolution beside the poll period.</param>
    internal sealed record Observed(List<double> Latencies, double PollCallMedianMs, int Polls)
    {
        public double AllMs => Latencies.Count == 0 ? double.NaN : Latencies[^1];
    }
}
