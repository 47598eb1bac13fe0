using Edge.Controller.Fleet;
using Edge.Controller.Telemetry;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// Turns a workload's telemetry series into what the autoscaler observes: each metric is the
/// average of the samples of the last window. Agents report per node and workload, so a node's
/// figures are shared evenly among the workload's replicas on it; a ready replica whose node sent
/// nothing in the window is missing its metrics, and an unplaced one is not ready (the HPA's
/// missing-metric and not-ready rules then apply).
/// </summary>
internal static class WorkloadMetricSource
{
    public static WorkloadMetrics Read(AutoscaleTarget target, TelemetrySeriesStore series, TimeSpan window, DateTimeOffset now, AutoscalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(spec);
        var sinceMs = (now - window).ToUnixTimeMilliseconds();
        var perNode = new Dictionary<string, double[]?>(StringComparer.Ordinal);
        double[]? Averages(string node)
        {
            if (!perNode.TryGetValue(node, out var values))
            {
                values = Average(series.Find(node)?.Raw(target.Workload, sinceMs) ?? []);
                perNode[node] = values;
            }

            return values;
        }

        var replicasOn = target.Placed.GroupBy(r => r.Node, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var replicas = target.Placed.Select(r => new ReplicaSample(
            $"{target.Workload}-{r.Ordinal}", r.Ready, r.Ready && Averages(r.Node) is { } avg ? Values(avg, replicasOn[r.Node]) : new Dictionary<string, double>()))
            .ToList();

        // Replicas that fit on no node yet exist but are not ready, as pending pods are to the HPA:
        // they count as 0 on a scale-up, so the autoscaler does not outrun placement.
        for (var missing = target.CurrentReplicas - target.Placed.Count; missing > 0; missing--)
        {
            replicas.Add(new ReplicaSample($"{target.Workload}-unplaced-{missing}", false, new Dictionary<string, double>()));
        }

        // External metrics are the workload's total (latencies: the highest) over every node that reports it, placed or not
        // (a cold placement still counts invocations). Only read when needed: it visits every node's series.
        var totals = new double[SeriesMetrics.Workload.Count];
        var reported = false;
        var needTotals = target.CurrentReplicas == 0 || spec.Metrics.Any(m => m.Source == MetricSourceType.External);
        foreach (var node in needTotals ? series.All() : [])
        {
            if (Averages(node.Node) is { } avg)
            {
                reported = true;
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] = IsLatency(i) ? Math.Max(totals[i], avg[i]) : totals[i] + avg[i];
                }
            }
        }

        var external = reported ? Values(totals, 1) : new Dictionary<string, double>();
        return new WorkloadMetrics
        {
            CurrentReplicas = target.CurrentReplicas,
            Requests = target.Requests,
            Replicas = replicas,
            External = external,
            PendingInvocations = reported ? (long)Math.Ceiling(totals[SeriesMetrics.Invocations] * window.TotalSeconds) : 0,
        };
    }

    private static double[]? Average(IReadOnlyList<SeriesPoint> points)
    {
        if (points.Count == 0)
        {
            return null;
        }

        var sum = new double[SeriesMetrics.Workload.Count];
        foreach (var p in points)
        {
            for (var i = 0; i < sum.Length && i < p.Values.Length; i++)
            {
                sum[i] += p.Values[i];
            }
        }

        return [.. sum.Select(v => v / points.Count)];
    }

    /// <summary>
    /// One replica's share of a node's figures. CPU is estimated by Little's law: busy cores =
    /// invocations/s × latency, so millicores = invocations/s × p50 latency in ms (a WebAssembly
    /// invocation holds its thread for its whole run). Memory is not reported per workload.
    /// </summary>
    private static Dictionary<string, double> Values(double[] values, int share)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            result[SeriesMetrics.Workload[i]] = IsLatency(i) ? values[i] : values[i] / share;
        }

        result[MetricSpec.Cpu] = values[SeriesMetrics.Invocations] * values[SeriesMetrics.P50] / share;
        return result;
    }

    /// <summary>Latencies are not shared among replicas nor summed over nodes: the highest counts.</summary>
    private static bool IsLatency(int metric) => metric is SeriesMetrics.P50 or SeriesMetrics.P99;
}
