namespace Edge.Controller.Telemetry;

/// <summary>The highest sequence ingested from a node's telemetry stream.</summary>
internal readonly record struct NodeWatermark(string Node, ulong Stream, ulong Sequence);
