using LiteDB;

namespace Edge.Controller.Store;

/// <summary>Workload revisions, in their own collection of the fleet store's file.</summary>
internal sealed partial class LiteDbFleetStore : IRevisionStore
{
    private ILiteCollection<RevisionRecord> Revisions => _db.GetCollection<RevisionRecord>("revisions");

    public IReadOnlyList<RevisionRecord> LoadRevisions() => [.. Revisions.FindAll()];

    public void SaveRevision(RevisionRecord? revision, IReadOnlyList<string> deletes)
    {
        ArgumentNullException.ThrowIfNull(deletes);
        _db.BeginTrans();
        try
        {
            if (revision is not null)
            {
                Revisions.Upsert(revision);
            }

            foreach (var id in deletes)
            {
                Revisions.Delete(id);
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
