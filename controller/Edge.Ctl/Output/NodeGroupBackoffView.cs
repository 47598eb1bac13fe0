namespace Edge.Ctl.Output;

/// <summary>A group skipped by scale-up after failures in a row, until a time.</summary>
internal sealed record NodeGroupBackoffView(int Failures, string? Until, string LastError);
