namespace Edge.Agent.State;

/// <summary>One stored sample: its sequence and its serialized NodeSample.</summary>
internal sealed record OutboxEntry(ulong Sequence, byte[] Payload);
