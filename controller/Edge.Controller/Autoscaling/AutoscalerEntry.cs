using Edge.Controller.Store;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// One autoscaler in memory: its stored spec, the state the pure autoscaler carries between passes
/// (recommendations and scale events, kept in memory as the HPA controller does) and its recent
/// decisions. Owned by <see cref="HorizontalAutoscalers"/>, which locks.
/// </summary>
internal sealed class AutoscalerEntry(AutoscalerRecord record)
{
    public AutoscalerRecord Record { get; set; } = record;

    public AutoscalerSpec Spec { get; set; } = record.ToSpec();

    public AutoscalerState State { get; set; } = AutoscalerState.Empty;

    /// <summary>Newest last.</summary>
    public LinkedList<RecordedDecision> History { get; } = new();

    public RecordedDecision? Last { get; set; }

    public DateTimeOffset? LastScale { get; set; }
}
