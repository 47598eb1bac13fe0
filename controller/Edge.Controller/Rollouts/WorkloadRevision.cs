using Edge.Controller.Store;

namespace Edge.Controller.Rollouts;

/// <summary>A numbered revision of a workload: what its module, args, env, limits and triggers were, when and why it changed.</summary>
internal sealed record WorkloadRevision(string Workload, int Number, DateTimeOffset CreatedAt, string ChangeCause, WorkloadRecord Template)
{
    /// <summary>The text two revisions are compared by: the template without placement or replica count.</summary>
    public string TemplateText => Fleet.FleetState.HashText(Template);
}
