namespace Edge.Scheduling.Health;

/// <summary>How long a lag may last before it is a condition.</summary>
public sealed record NodeHealthBounds(TimeSpan NotApplyingAfter, TimeSpan TelemetryStalledAfter)
{
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(60);
}
