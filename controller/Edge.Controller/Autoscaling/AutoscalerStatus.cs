using Edge.Controller.Store;

namespace Edge.Controller.Autoscaling;

/// <summary>An autoscaler as the admin API shows it: its spec, its last pass and when it last scaled.</summary>
internal sealed record AutoscalerStatus(AutoscalerRecord Record, RecordedDecision? Last, DateTimeOffset? LastScale)
{
    public bool Changed { get; init; }
}
