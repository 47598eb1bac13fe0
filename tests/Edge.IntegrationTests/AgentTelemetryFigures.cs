namespace Edge.IntegrationTests;

/// <summary>An agent's outbox counters as its /metrics shows them.</summary>
internal sealed record AgentTelemetryFigures(ulong Produced, ulong Acknowledged, ulong Dropped, ulong Pending, ulong DroppedAfterSend = 0);
