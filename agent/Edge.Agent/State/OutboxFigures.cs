namespace Edge.Agent.State;

/// <summary>
/// The outbox's counters: produced = acknowledged + dropped + pending, across
/// restarts. <see cref="DroppedAfterSend"/>: of the dropped, those a broker had
/// taken before (the controller may have ingested them).
/// </summary>
internal sealed record OutboxFigures(ulong LastSequence, long Pending, long PendingBytes, ulong Acknowledged, ulong Dropped)
{
    public ulong DroppedAfterSend { get; init; }
}
