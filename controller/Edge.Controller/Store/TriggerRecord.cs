namespace Edge.Controller.Store;

/// <summary>One trigger of a workload as applied: "http", "mqtt", "interval" or "once".</summary>
public sealed class TriggerRecord
{
    public string Kind { get; set; } = "";

    public string Topic { get; set; } = "";

    public string ReplyTopic { get; set; } = "";

    public long IntervalMs { get; set; }

    public override string ToString() => $"trigger {Kind} topic={Topic} reply={ReplyTopic} intervalMs={IntervalMs}";
}
