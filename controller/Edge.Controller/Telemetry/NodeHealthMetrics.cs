using Edge.Controller.Fleet;
using Edge.Scheduling.Health;
using Edge.Shared;

namespace Edge.Controller.Telemetry;

/// <summary>Node health and store recovery on the controller's /metrics.</summary>
internal static class NodeHealthMetrics
{
    public static string Render(FleetState fleet, TelemetryWatermarks watermarks)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(watermarks);
        var nodes = fleet.ListNodes();
        var p = new PrometheusText();
        p.Describe("edge_node_health_condition", "gauge", "1 while the node has the condition (NotApplying, StoreFailed, TelemetryStalled), else 0.");
        p.Describe("edge_node_store_quarantines", "gauge", "Damaged agent state files the node's agent moved aside and rebuilt since it started.");
        foreach (var node in nodes)
        {
            foreach (var type in Enum.GetValues<NodeHealthType>())
            {
                var raised = node.HealthConditions.Any(c => c.Type == type) ? 1 : 0;
                p.Sample("edge_node_health_condition", "edge_node_health_condition", raised, ("node", node.Name), ("condition", type.ToString()));
            }

            p.Sample("edge_node_store_quarantines", "edge_node_store_quarantines", node.Store.Quarantines, ("node", node.Name));
        }

        return p.Metric("edge_controller_store_quarantines_total", "counter", "Damaged controller files (telemetry.db) moved aside and rebuilt since start.", watermarks.Quarantines, ("file", "telemetry.db"))
            .Metric("edge_controller_store_failing", "gauge", "1 while the file's writes fail.", fleet.StoreFailure is null ? 0 : 1, ("file", "fleet.db"))
            .Metric("edge_controller_store_failing", "gauge", "1 while the file's writes fail.", watermarks.Failure is null ? 0 : 1, ("file", "telemetry.db"))
            .ToString();
    }
}
