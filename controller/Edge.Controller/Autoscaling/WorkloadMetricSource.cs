using System.Globalization;
using Edge.Controller.Fleet;
using Edge.Controller.Telemetry;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// Turns a workload's telemetry series into what the autoscaler observes: each metric is the
/// average of the samples of the last window. Agents report per node and workload, so a node's
/// figures are shared evenly among the workload's replicas on it; a ready replica whose node sent
/// nothing in the window is missing its metrics, and an unplaced one is not ready (the HPA's
/// missing-metric and not-ready rules then apply). A figure a node's agent does not report (CPU
/// time, memory, a guest metric) is missing for that node's replicas, except CPU, which falls back
/// to an estimate; the proposal says which nodes were measured.
/// </summary>
internal static class WorkloadMetricSource
{
    public static WorkloadMetrics Read(AutoscaleTarget target, TelemetrySeriesStore series, TimeSpan window, DateTimeOffset now, AutoscalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(spec);
        var sinceMs = (now - window).ToUnixTimeMilliseconds();
        string[] guests = [.. spec.Metrics.Where(m => m.Source != MetricSourceType.Resource && GuestMetric.IsGuest(m.Name)).Select(m => GuestMetric.NameOf(m.Name)).Distinct(StringComparer.Ordinal)];
        var perNode = new Dictionary<string, NodeFigures?>(StringComparer.Ordinal);
        NodeFigures? Averages(string node)
        {
            if (!perNode.TryGetValue(node, out var values))
            {
                var nodeSeries = series.Find(node);
                var columns = Average(nodeSeries?.Raw(target.Workload, sinceMs) ?? [], SeriesMetrics.Workload.Count);
                values = columns is null ? null : new NodeFigures(
                    columns,
                    [.. guests.Select(g => Average(nodeSeries!.GuestRaw(target.Workload, g, sinceMs), 1)?[0] ?? double.NaN)],
                    double.IsNaN(columns[SeriesMetrics.CpuMillicores]) && nodeSeries!.ReportsCpuTime(target.Workload));
                perNode[node] = values;
            }

            return values;
        }

        var replicasOn = target.Placed.GroupBy(r => r.Node, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var replicas = target.Placed.Select(r => new ReplicaSample(
            $"{target.Workload}-{r.Ordinal}", r.Ready, r.Ready && Averages(r.Node) is { } avg ? Values(avg, guests, replicasOn[r.Node]) : new Dictionary<string, double>()))
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
        var guestTotals = new double[guests.Length];
        Array.Fill(totals, double.NaN);
        Array.Fill(guestTotals, double.NaN);
        var reported = false;
        var needTotals = target.CurrentReplicas == 0 || spec.Metrics.Any(m => m.Source == MetricSourceType.External);
        foreach (var node in needTotals ? series.All() : [])
        {
            if (Averages(node.Node) is { } avg)
            {
                reported = true;
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] = Combine(totals[i], avg.Columns[i], IsLatency(i));
                }

                for (var g = 0; g < guests.Length; g++)
                {
                    guestTotals[g] = Combine(guestTotals[g], avg.Guests[g], false);
                }
            }
        }

        var external = reported ? Values(new NodeFigures(totals, guestTotals, CpuPending: false), guests, 1) : new Dictionary<string, double>();
        return new WorkloadMetrics
        {
            CurrentReplicas = target.CurrentReplicas,
            Requests = target.Requests,
            Replicas = replicas,
            External = external,
            PendingInvocations = reported ? (long)Math.Ceiling(totals[SeriesMetrics.Invocations] * window.TotalSeconds) : 0,
            Sources = Sources(spec, perNode, guests),
        };
    }

    /// <summary>Per column, the average of the points that reported it (NaN when none did); null when there is no point.</summary>
    private static double[]? Average(IReadOnlyList<SeriesPoint> points, int columns)
    {
        if (points.Count == 0)
        {
            return null;
        }

        var sum = new double[columns];
        var count = new int[columns];
        foreach (var p in points)
        {
            for (var i = 0; i < columns && i < p.Values.Length; i++)
            {
                if (!double.IsNaN(p.Values[i]))
                {
                    sum[i] += p.Values[i];
                    count[i]++;
                }
            }
        }

        for (var i = 0; i < columns; i++)
        {
            sum[i] = count[i] == 0 ? double.NaN : sum[i] / count[i];
        }

        return sum;
    }

    /// <summary>A sum (or, for latencies, the highest) over the nodes that reported the figure.</summary>
    private static double Combine(double total, double value, bool highest) =>
        double.IsNaN(value) ? total : double.IsNaN(total) ? value : highest ? Math.Max(total, value) : total + value;

    /// <summary>
    /// One replica's share of a node's figures; a figure the node did not report is left out (missing).
    /// CPU is the measured millicores when the agent reports its CPU time, else estimated by Little's
    /// law: busy cores = invocations/s × latency, so millicores = invocations/s × p50 latency in ms (a
    /// WebAssembly invocation holds its thread for its whole run). Memory is the time-averaged linear
    /// memory the agent measured.
    /// </summary>
    private static Dictionary<string, double> Values(NodeFigures figures, string[] guests, int share)
    {
        var (values, guestValues) = (figures.Columns, figures.Guests);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                result[SeriesMetrics.Workload[i]] = IsLatency(i) ? values[i] : values[i] / share;
            }
        }

        // An agent that measures CPU time but has sent one sample only has no rate yet: missing, as a
        // pod's CPU before its second scrape, not estimated.
        if (!figures.CpuPending)
        {
            result[MetricSpec.Cpu] = (Measured(values) ? values[SeriesMetrics.CpuMillicores] : values[SeriesMetrics.Invocations] * values[SeriesMetrics.P50]) / share;
        }

        if (!double.IsNaN(values[SeriesMetrics.MemoryBytes]))
        {
            result[MetricSpec.Memory] = values[SeriesMetrics.MemoryBytes] / share;
        }

        for (var g = 0; g < guests.Length; g++)
        {
            if (!double.IsNaN(guestValues[g]))
            {
                result[GuestMetric.Prefix + guests[g]] = guestValues[g] / share;
            }
        }

        return result;
    }

    private static bool Measured(double[] values) => !double.IsNaN(values[SeriesMetrics.CpuMillicores]);

    /// <summary>For the explanation: where cpu, memory and each guest metric the spec follows came from, over the nodes read.</summary>
    private static Dictionary<string, string> Sources(AutoscalerSpec spec, Dictionary<string, NodeFigures?> perNode, string[] guests)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = perNode.Values.OfType<NodeFigures>().ToList();
        foreach (var name in spec.Metrics.Select(m => m.Name).Distinct(StringComparer.Ordinal))
        {
            if (name == MetricSpec.Cpu)
            {
                var measured = nodes.Count(n => Measured(n.Columns));
                var pending = nodes.Count(n => n.CpuPending);
                var estimated = nodes.Count - measured - pending;
                sources[name] = (measured, pending, estimated) switch
                {
                    (0, 0, 0) => "no node reports the workload",
                    (_, 0, 0) => Invariant($"cpu measured (agent CPU time) on {measured} node(s)"),
                    (0, 0, _) => Invariant($"cpu estimated as invocations/s x p50 latency on {estimated} node(s): their agents do not report CPU time"),
                    (_, 0, _) => Invariant($"cpu measured on {measured} node(s), estimated as invocations/s x p50 latency on {estimated} whose agents do not report CPU time"),
                    _ => Invariant($"cpu measured on {measured} node(s), missing on {pending} whose agents sent one sample so far (no CPU rate yet)")
                        + (estimated > 0 ? Invariant($", estimated as invocations/s x p50 latency on {estimated}") : ""),
                };
            }
            else if (name is MetricSpec.Memory or WorkloadSeriesNames.MemoryBytes or WorkloadSeriesNames.MemoryPeakBytes or WorkloadSeriesNames.CpuMillicores)
            {
                var column = name == WorkloadSeriesNames.CpuMillicores ? SeriesMetrics.CpuMillicores : name == WorkloadSeriesNames.MemoryPeakBytes ? SeriesMetrics.MemoryPeakBytes : SeriesMetrics.MemoryBytes;
                var measured = nodes.Count(n => !double.IsNaN(n.Columns[column]));
                sources[name] = measured == 0
                    ? Invariant($"{name} not reported: no agent of the {nodes.Count} node(s) read measures the workload's {(column == SeriesMetrics.CpuMillicores ? "CPU time" : "memory")}")
                    : Invariant($"{name} measured on {measured} of {nodes.Count} node(s)");
            }
            else if (GuestMetric.IsGuest(name))
            {
                var g = Array.IndexOf(guests, GuestMetric.NameOf(name));
                var reporting = g < 0 ? 0 : nodes.Count(n => !double.IsNaN(n.Guests[g]));
                sources[name] = reporting == 0
                    ? Invariant($"no node reports guest metric \"{GuestMetric.NameOf(name)}\" for the workload")
                    : Invariant($"guest metric reported on {reporting} of {nodes.Count} node(s)");
            }
        }

        return sources;
    }

    /// <summary>Latencies are not shared among replicas nor summed over nodes: the highest counts.</summary>
    private static bool IsLatency(int metric) => metric is SeriesMetrics.P50 or SeriesMetrics.P99;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
