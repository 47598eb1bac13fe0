namespace Edge.Agent.Core;

/// <summary>What the telemetry sender does next (see <see cref="OutboxSendPolicy"/>).</summary>
public enum OutboxStep
{
    /// <summary>Publish the next samples after what was sent.</summary>
    Send,

    /// <summary>Nothing more may go out before the controller acknowledges some: wait.</summary>
    Wait,

    /// <summary>No acknowledgement came in time: send again from the acknowledged watermark.</summary>
    Resend,
}
