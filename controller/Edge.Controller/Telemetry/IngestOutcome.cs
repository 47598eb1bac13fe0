namespace Edge.Controller.Telemetry;

/// <summary>What became of one telemetry publish; only <see cref="Ingested"/> may be acknowledged as delivered.</summary>
internal enum IngestOutcome
{
    /// <summary>Ingested, or recognised as a redelivery of samples already ingested: durable either way.</summary>
    Ingested,

    /// <summary>Bad payload, a batch naming another node, or a node the controller does not know.</summary>
    Refused,

    /// <summary>The watermarks could not be stored: nothing ingested, the sender must send it again.</summary>
    NotStored,

    /// <summary>
    /// Not taken: a sample before the batch never arrived (an external broker
    /// lost it). Acknowledge the publish to the broker; the agent sends the
    /// missing samples and this batch again from its acknowledged watermark.
    /// </summary>
    OutOfOrder,
}
