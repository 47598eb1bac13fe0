namespace Edge.Controller.Store;

/// <summary>Where workload revisions survive a restart: the fleet store's "revisions" collection.</summary>
public interface IRevisionStore
{
    IReadOnlyList<RevisionRecord> LoadRevisions();

    /// <summary>Saves one revision and deletes others by id, in one transaction.</summary>
    void SaveRevision(RevisionRecord? revision, IReadOnlyList<string> deletes);
}
