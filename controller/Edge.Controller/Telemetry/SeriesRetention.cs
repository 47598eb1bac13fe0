namespace Edge.Controller.Telemetry;

/// <summary>How long raw points and rollups are kept, and the rollup width.</summary>
internal sealed record SeriesRetention(TimeSpan Raw, TimeSpan RollupInterval, TimeSpan Rollups);
