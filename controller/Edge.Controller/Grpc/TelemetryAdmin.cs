using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Edge.Scheduling.Autoscaling;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using SeriesPointProto = Edge.Protos.V1.SeriesPoint;

namespace Edge.Controller.Grpc;

/// <summary>The telemetry part of the admin API: maps the series store to edgectl top and series queries.</summary>
internal static class TelemetryAdmin
{
    public static TopNodesResponse TopNodes(TelemetrySeriesStore store)
    {
        var response = new TopNodesResponse();
        foreach (var n in store.All())
        {
            if (n.LatestNode() is not { } p)
            {
                continue;
            }

            var v = p.Values;
            response.Nodes.Add(new NodeUsage
            {
                Name = n.Node,
                SampledAt = At(p.AtMs),
                Sequence = p.Sequence,
                CpuUsageRatio = v[SeriesMetrics.Cpu],
                MemoryUsedBytes = (long)v[SeriesMetrics.MemoryUsed],
                MemoryTotalBytes = (long)v[SeriesMetrics.MemoryTotal],
                LoadAverage1M = v[SeriesMetrics.Load1],
                DiskUsedBytes = (long)v[SeriesMetrics.DiskUsed],
                DiskTotalBytes = (long)v[SeriesMetrics.DiskTotal],
                NetRxBytesPerS = v[SeriesMetrics.NetRx],
                NetTxBytesPerS = v[SeriesMetrics.NetTx],
                WorkloadsRunning = (int)v[SeriesMetrics.WorkloadsRunning],
                SamplesIngested = n.Ingested,
                AgentDroppedTotal = n.AgentDropped,
                AgentOutboxPending = n.AgentPending,
            });
        }

        return response;
    }

    public static TopWorkloadsResponse TopWorkloads(TelemetrySeriesStore store, string node)
    {
        var nodes = node.Length == 0 ? store.All() : store.Find(node) is { } one ? [one] : throw NotFound(node);
        var rows = nodes.SelectMany(n => n.LatestWorkloads().Select(w => (Node: n.Node, w.Workload, w.Point)));
        var response = new TopWorkloadsResponse();
        foreach (var group in rows.GroupBy(r => r.Workload, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = group.Select(r => r.Point.Values).ToList();
            var usage = new WorkloadUsage
            {
                Name = group.Key,
                Node = node,
                Nodes = values.Count,
                InvocationsPerS = values.Sum(v => v[SeriesMetrics.Invocations]),
                FailuresPerS = values.Sum(v => v[SeriesMetrics.Failures]),
                LatencyP50Ms = values.Max(v => v[SeriesMetrics.P50]),
                LatencyP99Ms = values.Max(v => v[SeriesMetrics.P99]),
                WarmInstances = (int)values.Sum(v => v[SeriesMetrics.Warm]),
                BusyInstances = (int)values.Sum(v => v[SeriesMetrics.Busy]),
                QueuedRequests = (int)values.Sum(v => v[SeriesMetrics.Queued]),
                NodesMeasured = values.Count(v => Reported(v[SeriesMetrics.CpuMillicores]) || Reported(v[SeriesMetrics.MemoryBytes])),
            };
            if (values.Any(v => Reported(v[SeriesMetrics.CpuMillicores])))
            {
                usage.CpuMillicores = values.Where(v => Reported(v[SeriesMetrics.CpuMillicores])).Sum(v => v[SeriesMetrics.CpuMillicores]);
            }

            if (values.Any(v => Reported(v[SeriesMetrics.MemoryBytes])))
            {
                usage.MemoryBytes = (long)values.Where(v => Reported(v[SeriesMetrics.MemoryBytes])).Sum(v => v[SeriesMetrics.MemoryBytes]);
                usage.MemoryPeakBytes = (long)values.Where(v => Reported(v[SeriesMetrics.MemoryPeakBytes])).Sum(v => v[SeriesMetrics.MemoryPeakBytes]);
            }

            response.Workloads.Add(usage);
        }

        return response;
    }

    public static QuerySeriesResponse QuerySeries(TelemetrySeriesStore store, QuerySeriesRequest request)
    {
        if (request.Node.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "QuerySeries needs a node"));
        }

        var series = store.Find(request.Node) ?? throw NotFound(request.Node);
        var workload = request.Workload.Length > 0 ? request.Workload : null;
        if (workload is not null && !series.Workloads().Contains(workload, StringComparer.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"no telemetry for workload {Scheduling.WorkloadKeys.Describe(workload)} on node \"{request.Node}\""));
        }

        var catalog = workload is null ? SeriesMetrics.Node : SeriesMetrics.Workload;
        var unknown = request.Metrics.Where(m => !catalog.Contains(m, StringComparer.Ordinal) && !(workload is not null && GuestMetric.IsGuest(m))).ToList();
        if (unknown.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"unknown metric(s) {string.Join(", ", unknown)}; {(workload is null ? "node" : "workload")} metrics are {string.Join(", ", catalog)}{(workload is null ? "" : $", and {GuestMetric.Prefix}NAME for what the workload reports itself")}"));
        }

        var wanted = request.Metrics.Count > 0 ? [.. request.Metrics] : catalog;
        var since = request.Since?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? long.MinValue;
        var response = new QuerySeriesResponse();
        var raw = request.Resolution == SeriesResolution.Raw ? series.Raw(workload, since) : [];
        var rollups = request.Resolution == SeriesResolution.Rollup ? series.Rollups(workload, since) : [];
        foreach (var metric in wanted)
        {
            if (workload is not null && GuestMetric.IsGuest(metric))
            {
                response.Series.Add(GuestSeries(series, request, workload, metric, since));
                continue;
            }

            var i = IndexOf(catalog, metric);
            var s = new Series { Node = request.Node, Workload = workload ?? "", Metric = metric };
            s.Points.Add(raw.Select(p => new SeriesPointProto { At = At(p.AtMs), Value = p.Values[i], Sequence = p.Sequence, Count = 1 }));
            s.Points.Add(rollups.Select(b => new SeriesPointProto { At = At(b.StartMs), Value = b.Avg[i], Min = b.Min[i], Max = b.Max[i], Count = b.Count }));
            response.Series.Add(s);
        }

        return response;
    }

    /// <summary>The rate of one guest metric (value/s); no points when the workload does not report it on the node.</summary>
    private static Series GuestSeries(NodeSeries series, QuerySeriesRequest request, string workload, string metric, long since)
    {
        var name = GuestMetric.NameOf(metric);
        var s = new Series { Node = request.Node, Workload = workload, Metric = metric };
        if (request.Resolution == SeriesResolution.Raw)
        {
            s.Points.Add(series.GuestRaw(workload, name, since).Select(p => new SeriesPointProto { At = At(p.AtMs), Value = p.Values[0], Sequence = p.Sequence, Count = 1 }));
        }
        else
        {
            s.Points.Add(series.Rollups(workload, since, name).Select(b => new SeriesPointProto { At = At(b.StartMs), Value = b.Avg[0], Min = b.Min[0], Max = b.Max[0], Count = b.Count }));
        }

        return s;
    }

    private static bool Reported(double value) => !double.IsNaN(value);

    private static int IndexOf(IReadOnlyList<string> catalog, string metric)
    {
        for (var i = 0; i < catalog.Count; i++)
        {
            if (catalog[i] == metric)
            {
                return i;
            }
        }

        return -1;
    }

    private static Timestamp At(long ms) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    private static RpcException NotFound(string node) =>
        new(new Status(StatusCode.NotFound, $"no telemetry from node \"{node}\""));
}
