namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// What the workload autoscaler remembers between passes, as the HPA controller keeps per
/// HPA: recent recommendations (for the stabilization windows) and recent scale events (for
/// the policies' periods). Passed in and returned, never hidden; the controller keeps it in memory.
/// </summary>
public sealed record AutoscalerState
{
    public static readonly AutoscalerState Empty = new();

    public IReadOnlyList<TimedRecommendation> Recommendations { get; init; } = [];

    public IReadOnlyList<ScaleEvent> ScaleUpEvents { get; init; } = [];

    public IReadOnlyList<ScaleEvent> ScaleDownEvents { get; init; } = [];
}
