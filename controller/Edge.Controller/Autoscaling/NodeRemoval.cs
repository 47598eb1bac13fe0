namespace Edge.Controller.Autoscaling;

/// <summary>
/// A node the autoscaler is taking away: tainted and drained first, then the provider is asked to
/// delete it. <see cref="DeleteRequestedAt"/> is null while the drain runs.
/// </summary>
internal sealed record NodeRemoval(string Node, string Group, string Provider, DateTimeOffset StartedAt, string Reason)
{
    public DateTimeOffset? DeleteRequestedAt { get; init; }

    public string Phase => DeleteRequestedAt is null ? "draining" : "deleting";
}
