using System.Diagnostics;
using Edge.Protos.V1;

namespace Edge.Benchmarks;

/// <summary>
/// When the controller holds each replica's Running report, read through the admin API. Two reads,
/// each an upper bound on the true times: (1) ListWorkloads polled from the start until the
/// controller counts every expected replica Running (<c>nodes_running</c> for a global workload,
/// <c>replicas_running</c> for a replicated one): the k-th replica's time is the arrival of the
/// first answer counting at least k; (2) then ListNodes once: each node running the workload has
/// <c>last_heartbeat</c>, the controller's clock when it took that node's last report or heartbeat
/// — the Running report itself unless a heartbeat came after it, which can only make it later.
/// The k-th latency is the smaller of the two k-th values.
/// </summary>
internal static class ControllerView
{
    /// <summary>The poll period for small fleets; at thousands of nodes each ListWorkloads costs more and is asked less often.</summary>
    public static readonly TimeSpan Fine = TimeSpan.FromMilliseconds(5);

    public static readonly TimeSpan Coarse = TimeSpan.FromMilliseconds(20);

    public static string Note(TimeSpan period) => "read at the controller through the admin API, clock from the start of the ApplyWorkload/ScaleWorkload call: "
        + "per node the controller stamp of its report (ListNodes last_heartbeat, read once all are Running; a later heartbeat only makes it later), "
        + $"capped by ListWorkloads polled every {period.TotalMilliseconds:0} ms (the first answer counting k replicas Running bounds the k-th)";

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
                var stamped = await StampedAsync(admin, workload, start);
                for (var k = 0; k < Math.Min(stamped.Count, latencies.Count); k++)
                {
                    latencies[k] = Math.Min(latencies[k], stamped[k]);
                }

                latencies.Sort();
                return new Observed(latencies, Percentiles.Of(calls, 50), calls.Count);
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

    /// <summary>Per node running the workload, the controller's stamp of its last report, in ms from the start, sorted.</summary>
    private static async Task<List<double>> StampedAsync(AdminService.AdminServiceClient admin, string workload, long start)
    {
        var wallStart = TimeProvider.System.GetUtcNow() - Stopwatch.GetElapsedTime(start);
        var nodes = await admin.ListNodesAsync(new ListNodesRequest(), deadline: DateTime.UtcNow.AddSeconds(60));
        return
        [
            .. nodes.Nodes
                .Where(n => n.LastHeartbeat is not null && n.Workloads.Any(w => w.Name == workload && w.Phase == WorkloadPhase.Running && !w.Cold))
                .Select(n => (n.LastHeartbeat.ToDateTimeOffset() - wallStart).TotalMilliseconds)
                .Order(),
        ];
    }

    private static int Running(Workload w) => w.Mode == WorkloadMode.Global ? w.NodesRunning : w.ReplicasRunning;

    /// <param name="Latencies">Per replica, in the order the controller counted them, ms from the start.</param>
    /// <param name="PollCallMedianMs">The median ListWorkloads call: the view's resolution beside the poll period.</param>
    internal sealed record Observed(List<double> Latencies, double PollCallMedianMs, int Polls)
    {
        public double AllMs => Latencies.Count == 0 ? double.NaN : Latencies[^1];
    }
}
