namespace Edge.Ctl.Output;

/// <summary>A list wrapped as <c>{"items": [...]}</c>, like kubectl's list output.</summary>
internal sealed record ItemList<T>(IReadOnlyList<T> Items);
