namespace Edge.Controller.Events;

/// <summary>
/// One event as the log keeps it: an object (kind, name, tenant; an empty tenant is a fleet-wide
/// object such as a node), what happened (type, reason, message), and how often and when. Two
/// events with the same object, type, reason and message are one event with a count, as
/// Kubernetes folds them. <see cref="Sequence"/> grows with every new or folded event.
/// </summary>
internal sealed record FleetEvent
{
    public required long Id { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Tenant { get; init; }

    public required EventType Type { get; init; }

    public required string Reason { get; init; }

    public required string Message { get; init; }

    public required string Source { get; init; }

    public required int Count { get; init; }

    public required DateTimeOffset FirstSeen { get; init; }

    public required DateTimeOffset LastSeen { get; init; }

    public required long Sequence { get; init; }

    /// <summary>What makes two events the same one.</summary>
    public string FoldKey => FoldKeyOf(Kind, Name, Tenant, Type, Reason, Message);

    public static string FoldKeyOf(string kind, string name, string tenant, EventType type, string reason, string message) =>
        string.Join('\n', kind, tenant, name, type, reason, message);
}
