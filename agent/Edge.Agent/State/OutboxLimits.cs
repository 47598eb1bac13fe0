namespace Edge.Agent.State;

/// <summary>How much telemetry the outbox keeps while no broker takes it; past any bound the oldest go.</summary>
internal sealed record OutboxLimits(int MaxSamples, long MaxBytes, TimeSpan MaxAge);
