namespace Edge.Controller.Store;

/// <summary>One stored event of the event log (the fleet store's "events" collection).</summary>
public sealed class EventRecord
{
    /// <summary>The event's id (the document id); a folded event keeps it.</summary>
    public long Id { get; set; }

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string Tenant { get; set; } = "";

    /// <summary>Normal or Warning.</summary>
    public string Type { get; set; } = "";

    public string Reason { get; set; } = "";

    public string Message { get; set; } = "";

    public string Source { get; set; } = "";

    public int Count { get; set; }

    public DateTimeOffset FirstSeen { get; set; }

    public DateTimeOffset LastSeen { get; set; }

    public long Sequence { get; set; }
}
