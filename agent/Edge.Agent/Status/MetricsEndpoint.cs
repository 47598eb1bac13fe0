using Edge.Agent.Core;
using Edge.Agent.State;
using Edge.Agent.Telemetry;
using Edge.Shared;

namespace Edge.Agent.Status;

/// <summary>GET /metrics: the outbox, the MQTT link and each workload's runtime figures, in Prometheus text.</summary>
internal static class MetricsEndpoint
{
    public static void MapMetrics(this WebApplication app) =>
        app.MapGet("/metrics", (AgentStateStore store, TelemetryPublisher publisher, OutboxAcknowledgement acks, IWorkloadMetricsSource workloads, Logs.WorkloadLogs logs) =>
            Results.Text(Render(StoreFigures(store), publisher, acks.Figures(publisher.HighestSent), workloads.Metrics(), store.Health) + logs.MetricsText(), PrometheusText.ContentType));

    /// <summary>The outbox's figures, or zeros while the store cannot be read: /metrics answers either way.</summary>
    private static OutboxFigures StoreFigures(AgentStateStore store)
    {
        try
        {
            return store.TelemetryFigures();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            store.Recover(ex);
            return new OutboxFigures(0, 0, 0, 0, 0);
        }
    }

    public static string Render(OutboxFigures outbox, TelemetryPublisher publisher, OutboxAcknowledgementFigures acks, IReadOnlyList<WorkloadMetrics> workloads, StoreHealth? store = null)
    {
        store ??= StoreHealth.Healthy;
        var p = new PrometheusText()
            .Metric("edge_agent_store_failing", "gauge", "1 while the agent's state file fails and could not be rebuilt.", store.Failing ? 1 : 0)
            .Metric("edge_agent_store_quarantines_total", "counter", "Damaged state files moved aside and rebuilt since start.", store.Quarantines)
            .Metric("edge_agent_telemetry_samples_produced_total", "counter", "Samples taken (the last sequence number).", outbox.LastSequence)
            .Metric("edge_agent_telemetry_samples_acknowledged_total", "counter", "Samples removed from the outbox as delivered: covered by the controller's committed watermark (by the broker's PUBACK with a controller that does not acknowledge).", outbox.Acknowledged)
            .Metric("edge_agent_telemetry_acknowledged_sequence", "gauge", "The controller's committed watermark for this node's telemetry stream, as last told.", acks.AcknowledgedThrough)
            .Metric("edge_agent_telemetry_samples_unacknowledged", "gauge", "Samples the broker took (PUBACK) that the controller has not acknowledged yet.", acks.Unacknowledged)
            .Metric("edge_agent_telemetry_resends_total", "counter", "Times no acknowledgement came within Agent:TelemetryAckTimeout and the agent sent again from the watermark.", acks.Resends)
            .Metric("edge_agent_telemetry_samples_resent_total", "counter", "Samples published more than once since start.", acks.ResentSamples)
            .Metric("edge_agent_telemetry_controller_acknowledges", "gauge", "1 when the controller acknowledges telemetry (samples leave the outbox on its watermark), 0 when the broker's PUBACK removes them or no controller was met yet.", acks.Mode == "controller" ? 1 : 0)
            .Metric("edge_agent_telemetry_samples_dropped_total", "counter", "Samples the outbox dropped by its size or age limit.", outbox.Dropped)
            .Metric("edge_agent_telemetry_samples_dropped_after_send_total", "counter", "Of the dropped samples, those a broker had taken before the controller acknowledged them: the controller may have ingested them.", outbox.DroppedAfterSend)
            .Metric("edge_agent_telemetry_outbox_samples", "gauge", "Samples waiting in the outbox.", outbox.Pending)
            .Metric("edge_agent_telemetry_outbox_bytes", "gauge", "Bytes of samples waiting in the outbox.", outbox.PendingBytes)
            .Metric("edge_agent_telemetry_batches_published_total", "counter", "Batches acknowledged since start.", publisher.Published)
            .Metric("edge_agent_telemetry_publish_failures_total", "counter", "Failed connects or publishes since start.", publisher.PublishFailures)
            .Metric("edge_agent_mqtt_connects_total", "counter", "MQTT connections made since start.", publisher.Connects);
        foreach (var w in workloads)
        {
            var name = ("workload", w.Name);
            p.Metric("edge_workload_invocations_total", "counter", "Invocations since the workload started.", w.Invocations, name)
                .Metric("edge_workload_failures_total", "counter", "Failed invocations since the workload started.", w.Failures, name)
                .Metric("edge_workload_warm_instances", "gauge", "Instances ready in the pool.", w.WarmInstances, name)
                .Metric("edge_workload_busy_instances", "gauge", "Instances running an invocation.", w.BusyInstances, name)
                .Metric("edge_workload_queued_requests", "gauge", "Requests waiting for an instance.", w.QueuedRequests, name)
                .Metric("edge_workload_fuel_consumed_total", "counter", "Wasmtime fuel consumed.", w.FuelConsumed, name)
                .Metric("edge_workload_overdue_runs_total", "counter", "Runs whose caller was answered 'timed out' before the guest stopped: it sat in a host call (e.g. a WASI sleep) or got no CPU past its timeout.", w.OverdueRuns, name);
            AddUsage(p, w, name);
            foreach (var (reason, count) in w.FailuresByReason.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                p.Metric("edge_workload_failures_by_reason_total", "counter", "Failed invocations by reason.", count, name, ("reason", reason));
            }

            p.Describe("edge_workload_latency_ms", "histogram", "Invocation latency in milliseconds.");
            long cumulative = 0;
            for (var i = 0; i < w.Latency.Counts.Count; i++)
            {
                cumulative += w.Latency.Counts[i];
                var le = i < w.Latency.BoundsMs.Count ? PrometheusText.Format(w.Latency.BoundsMs[i]) : "+Inf";
                p.Sample("edge_workload_latency_ms", "edge_workload_latency_ms_bucket", cumulative, name, ("le", le));
            }

            p.Sample("edge_workload_latency_ms", "edge_workload_latency_ms_sum", w.Latency.SumMs, name)
                .Sample("edge_workload_latency_ms", "edge_workload_latency_ms_count", w.Latency.Count, name);
        }

        return p.ToString();
    }

    /// <summary>CPU time and linear memory when the runtime measures them, and the guest's own metrics.</summary>
    internal static void AddUsage(PrometheusText p, WorkloadMetrics w, (string, string) name)
    {
        if (w.CpuTime is { } cpu)
        {
            p.Metric("edge_workload_cpu_seconds_total", "counter", "CPU time of the workload's runs and instantiations on the agent's threads.", cpu.TotalSeconds, name);
        }

        if (w.Memory is { } memory)
        {
            p.Metric("edge_workload_memory_bytes", "gauge", "Linear memory its warm and finished instances hold (running ones as of their start).", memory.HeldBytes, name);
        }

        foreach (var (metric, value) in w.Custom.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            p.Metric("edge_workload_guest_metric_total", "counter", "Sums of what the guest reported through edge.metric, per name.", value, name, ("metric", metric));
        }

        p.Metric("edge_workload_guest_metric_refused_total", "counter", $"edge.metric values dropped because the workload already had {WorkloadMetrics.MaxCustomNames} names.", w.CustomRefused, name);
    }
}
