namespace Edge.Ctl.Output;

/// <summary>One event as edgectl prints it in JSON or YAML.</summary>
internal sealed record EventView(
    string Kind,
    string Name,
    string Tenant,
    string Type,
    string Reason,
    string Message,
    int Count,
    string? FirstSeen,
    string? LastSeen,
    string Source,
    long Sequence);
