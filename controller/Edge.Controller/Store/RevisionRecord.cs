namespace Edge.Controller.Store;

/// <summary>One stored revision of a workload (the fleet store's "revisions" collection).</summary>
public sealed class RevisionRecord
{
    /// <summary>"KEY/NUMBER" (the document id).</summary>
    public string Id { get; set; } = "";

    /// <summary>The workload's key ("web", "web.acme").</summary>
    public string Workload { get; set; } = "";

    public int Number { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string ChangeCause { get; set; } = "";

    /// <summary>The workload as applied when this revision was made: its module, args, env, limits and triggers are the revision.</summary>
    public WorkloadRecord Template { get; set; } = new();

    public static string IdOf(string workload, int number) => $"{workload}/{number}";
}
