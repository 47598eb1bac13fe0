namespace Edge.Scheduling.Autoscaling;

/// <summary>Something a node-group provider reports back: a node up, a failed request, a node gone.</summary>
public sealed record ProviderEvent(DateTimeOffset At, ProviderEventKind Kind, string Group, PlacementNode? Node, string Message)
{
    /// <summary>The node a deletion (or failed deletion) is about.</summary>
    public string? NodeName { get; init; }
}
