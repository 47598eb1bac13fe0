using Edge.Controller.Fleet;
using Edge.Shared;

namespace Edge.Controller.Telemetry;

/// <summary>GET /metrics on the controller: ingest counters and each node's latest figures, in Prometheus text.</summary>
internal static class ControllerMetrics
{
    public static string Render(TelemetryIngest ingest, TelemetrySeriesStore series, FleetState fleet)
    {
        var p = new PrometheusText()
            .Metric("edge_telemetry_batches_total", "counter", "Telemetry publishes ingested.", ingest.Batches)
            .Metric("edge_telemetry_bytes_total", "counter", "Payload bytes of telemetry publishes.", ingest.Bytes)
            .Metric("edge_telemetry_samples_accepted_total", "counter", "Samples ingested once.", ingest.Accepted)
            .Metric("edge_telemetry_samples_duplicate_total", "counter", "QoS 1 redeliveries recognised by sequence and not ingested again.", ingest.Duplicates)
            .Metric("edge_telemetry_rejected_total", "counter", "Publishes refused (bad payload, unknown node, node mismatch).", ingest.Rejected)
            .Metric("edge_telemetry_stream_restarts_total", "counter", "Agents that started a new telemetry stream (state file replaced): duplicate detection restarted for them.", ingest.StreamRestarts)
            .Metric("edge_telemetry_watermark_commits_total", "counter", "Watermark commits; each covers the publishes queued when it started.", ingest.Commits)
            .Metric("edge_telemetry_watermark_commit_seconds_total", "counter", "Time spent storing watermarks.", ingest.CommitTime.TotalSeconds);
        ingest.Attribution.Render(p);
        foreach (var group in fleet.ListNodes().GroupBy(n => n.Condition.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            p.Metric("edge_nodes", "gauge", "Nodes by condition.", group.Count(), ("condition", group.Key));
        }

        foreach (var (node, refused) in fleet.ModuleFetchesRefused())
        {
            p.Metric("edge_module_fetches_refused_total", "counter", "Module downloads refused because no workload given to the node uses that module.", refused, ("node", node));
        }

        foreach (var n in series.All())
        {
            if (n.LatestNode() is not { } point)
            {
                continue;
            }

            var node = ("node", n.Node);
            for (var i = 0; i < SeriesMetrics.Node.Count; i++)
            {
                p.Metric($"edge_node_{SeriesMetrics.Node[i]}", "gauge", $"The node's latest {SeriesMetrics.Node[i].Replace('_', ' ')}.", point.Values[i], node);
            }

            p.Metric("edge_node_agent_dropped_samples_total", "counter", "Samples the node's outbox dropped by policy, as it reports them.", n.AgentDropped, node)
                .Metric("edge_node_agent_outbox_samples", "gauge", "Samples waiting in the node's outbox, as it reports them.", n.AgentPending, node)
                .Metric("edge_node_guest_metrics_dropped_total", "counter", $"Guest metric values dropped: past {SeriesMetrics.MaxGuestMetrics} names per workload, an invalid name, or not a finite number.", n.GuestDropped, node);
            foreach (var (workload, w) in n.LatestWorkloads())
            {
                for (var i = 0; i < SeriesMetrics.Workload.Count; i++)
                {
                    if (double.IsNaN(w.Values[i]))
                    {
                        continue; // not reported by this node's agent
                    }

                    p.Metric($"edge_workload_{SeriesMetrics.Workload[i]}", "gauge", $"The workload's latest {SeriesMetrics.Workload[i].Replace('_', ' ')} on the node.", w.Values[i], node, ("workload", workload));
                }
            }
        }

        return p.ToString();
    }
}
