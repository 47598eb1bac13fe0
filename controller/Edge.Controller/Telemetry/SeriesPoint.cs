namespace Edge.Controller.Telemetry;

/// <summary>One sample's values (in <see cref="SeriesMetrics"/> order) at the agent's sampling time.</summary>
internal sealed record SeriesPoint(long AtMs, ulong Sequence, double[] Values);
