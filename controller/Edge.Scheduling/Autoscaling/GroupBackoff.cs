namespace Edge.Scheduling.Autoscaling;

/// <summary>A group whose scale-ups failed: how many times in a row, until when it is skipped, and the last error.</summary>
public sealed record GroupBackoff(int Failures, DateTimeOffset Until, string LastError);
