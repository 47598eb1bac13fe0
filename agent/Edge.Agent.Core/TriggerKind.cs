namespace Edge.Agent.Core;

/// <summary>What makes a workload run.</summary>
public enum TriggerKind
{
    /// <summary>An HTTP request to the agent's <c>/w/{workload}</c>.</summary>
    Http,

    /// <summary>A message on an MQTT topic; the output may be published to a reply topic.</summary>
    Mqtt,

    /// <summary>Every interval, while the workload runs.</summary>
    Interval,

    /// <summary>Once when the workload starts (a job); a workload with no trigger runs once too.</summary>
    Once,
}
