namespace Edge.Scheduling.Health;

/// <summary>Why a connected node is not Ready although it heartbeats.</summary>
public enum NodeHealthType
{
    /// <summary>Its agent runs an older desired version than the node's, or cannot start what it was given, for longer than the bound.</summary>
    NotApplying,

    /// <summary>Its agent reports that its local state file fails.</summary>
    StoreFailed,

    /// <summary>Its stream lives but no telemetry arrived for longer than the bound.</summary>
    TelemetryStalled,
}
