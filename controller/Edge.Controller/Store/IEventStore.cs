namespace Edge.Controller.Store;

/// <summary>Where the event log survives a restart: the fleet store's "events" collection.</summary>
public interface IEventStore
{
    IReadOnlyList<EventRecord> LoadEvents();

    /// <summary>Writes new and folded events and deletes dropped ones by id, in one transaction.</summary>
    void SaveEvents(IReadOnlyList<EventRecord> upserts, IReadOnlyList<long> deletes);
}
