using LiteDB;

namespace Edge.Controller.Store;

/// <summary>The event log, in its own collection of the fleet store's file.</summary>
internal sealed partial class LiteDbFleetStore : IEventStore
{
    private ILiteCollection<EventRecord> Events => _db.GetCollection<EventRecord>("events");

    public IReadOnlyList<EventRecord> LoadEvents() => [.. Events.FindAll()];

    public void SaveEvents(IReadOnlyList<EventRecord> upserts, IReadOnlyList<long> deletes)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        if (upserts.Count == 0 && deletes.Count == 0)
        {
            return;
        }

        // One transaction: a crash leaves the batch whole or absent.
        _db.BeginTrans();
        try
        {
            if (upserts.Count > 0)
            {
                Events.Upsert(upserts);
            }

            foreach (var id in deletes)
            {
                Events.Delete(id);
            }

            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }
}
