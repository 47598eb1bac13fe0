namespace Edge.Agent.Core;

/// <summary>One trigger of a workload; which fields apply depends on <see cref="Kind"/>.</summary>
public sealed record TriggerSpec
{
    public required TriggerKind Kind { get; init; }

    /// <summary>Mqtt: the topic filter to subscribe to.</summary>
    public string Topic { get; init; } = "";

    /// <summary>Mqtt: where stdout is published after each run; empty = no reply.</summary>
    public string ReplyTopic { get; init; } = "";

    /// <summary>Interval: the period between runs.</summary>
    public TimeSpan Interval { get; init; }
}
