namespace Edge.Scheduling.Autoscaling;

/// <summary>What the node autoscaler remembers between passes; passed in and returned with each decision.</summary>
public sealed record NodeAutoscalerState
{
    public static readonly NodeAutoscalerState Empty = new();

    public IReadOnlyList<UpcomingNode> Upcoming { get; init; } = [];

    public IReadOnlyDictionary<string, GroupBackoff> Backoff { get; init; } = new Dictionary<string, GroupBackoff>(StringComparer.Ordinal);

    /// <summary>Since when each node has been unneeded (below the threshold, replicas fit elsewhere).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> UnneededSince { get; init; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    public DateTimeOffset? LastScaleUp { get; init; }

    /// <summary>A node of <paramref name="group"/> registered: the oldest request of the group is fulfilled and its backoff cleared.</summary>
    public NodeAutoscalerState NodeRegistered(string group)
    {
        var upcoming = Upcoming.ToList();
        var index = upcoming.FindIndex(u => u.Group == group);
        if (index >= 0)
        {
            upcoming.RemoveAt(index);
        }

        var backoff = new Dictionary<string, GroupBackoff>(Backoff, StringComparer.Ordinal);
        backoff.Remove(group);
        return this with { Upcoming = upcoming, Backoff = backoff };
    }

    /// <summary>
    /// A scale-up of <paramref name="group"/> failed (the provider said so, or the node did not come up in
    /// time): its requests are dropped and it backs off exponentially.
    /// </summary>
    public NodeAutoscalerState ScaleUpFailed(string group, string error, DateTimeOffset now, NodeAutoscalerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = (Backoff.TryGetValue(group, out var previous) ? previous.Failures : 0) + 1;
        var backoff = new Dictionary<string, GroupBackoff>(Backoff, StringComparer.Ordinal)
        {
            [group] = new GroupBackoff(failures, now + options.BackoffAfter(failures), error),
        };
        return this with { Upcoming = [.. Upcoming.Where(u => u.Group != group)], Backoff = backoff };
    }
}
