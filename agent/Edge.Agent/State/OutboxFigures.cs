namespace Edge.Agent.State;

/// <summary>The outbox's counters: produced = acknowledged + dropped + pending, across restarts.</summary>
internal sealed record OutboxFigures(ulong LastSequence, long Pending, long PendingBytes, ulong Acknowledged, ulong Dropped);
