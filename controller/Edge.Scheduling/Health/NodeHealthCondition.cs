namespace Edge.Scheduling.Health;

/// <summary>One raised condition: its type, a CamelCase reason, a sentence, and since when it holds.</summary>
public sealed record NodeHealthCondition(NodeHealthType Type, string Reason, string Message, DateTimeOffset Since);
