using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Hosting;

/// <summary>Controller:Health: how long a connected node may lag before it is not Ready (docs/controller.md).</summary>
internal sealed class NodeHealthOptions
{
    /// <summary>Applied version below desired, or workloads waiting to start, for longer than this: NotApplying.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Controller:Health:NotApplyingAfter must be between 1 s and 1 day")]
    public TimeSpan NotApplyingAfter { get; set; } = Edge.Scheduling.Health.NodeHealthBounds.DefaultBound;

    /// <summary>No telemetry for longer than this while the node's stream lives: TelemetryStalled.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Controller:Health:TelemetryStalledAfter must be between 1 s and 1 day")]
    public TimeSpan TelemetryStalledAfter { get; set; } = Edge.Scheduling.Health.NodeHealthBounds.DefaultBound;
}
