using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>One pass kept for explain: the pure decision, when, and whether its count was set on the workload.</summary>
internal sealed record RecordedDecision(DateTimeOffset At, AutoscalerDecision Decision, bool Applied, IReadOnlyList<string> Events)
{
    /// <summary>
    /// Why the count is what it is: the rescale, else what held it (a refused scale, missing
    /// metrics, a bound or a policy, a stabilization window), else the metrics' verdict.
    /// </summary>
    public string Reason
    {
        get
        {
            if (Applied)
            {
                return Decision.Reason;
            }

            if (Events.Count > Decision.Events.Count)
            {
                return Events[^1];
            }

            var held = Decision.Conditions.FirstOrDefault(c =>
                (c.Type == ConditionType.ScalingActive && !c.Status)
                || (c.Type == ConditionType.ScalingLimited && c.Status)
                || (c.Type == ConditionType.AbleToScale && (!c.Status || c.Reason.EndsWith("Stabilized", StringComparison.Ordinal))));
            return held is null ? Decision.Reason : $"{held.Reason}: {held.Message}";
        }
    }
}
