using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Rollouts;

/// <summary>Settings of workload revisions, under "Controller:Revisions" (docs/rollouts.md).</summary>
internal sealed class RevisionOptions
{
    public const string Section = "Controller:Revisions";

    /// <summary>Revisions kept per workload, the current one included (a Deployment's revisionHistoryLimit is 10 too).</summary>
    [Range(2, 100, ErrorMessage = "Controller:Revisions:Keep must be between 2 and 100")]
    public int Keep { get; set; } = 10;
}
