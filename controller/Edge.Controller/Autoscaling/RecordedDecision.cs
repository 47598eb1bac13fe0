using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>One pass kept for explain: the pure decision, when, and whether its count was set on the workload.</summary>
internal sealed record RecordedDecision(DateTimeOffset At, AutoscalerDecision Decision, bool Applied, IReadOnlyList<string> Events)
{
    /// <summary>Why the count is what it is, for telling one pass from the next.</summary>
    public string Reason => Applied || Events.Count == Decision.Events.Count ? Decision.Reason : Events[^1];
}
