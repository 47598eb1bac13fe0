namespace Edge.Scheduling.Autoscaling;

public enum ProviderEventKind
{
    /// <summary>A requested node came up; <see cref="ProviderEvent.Node"/> is it.</summary>
    NodeReady,

    /// <summary>A requested node will not come.</summary>
    ScaleUpFailed,

    /// <summary>A node was deleted; <see cref="ProviderEvent.NodeName"/> (or, from older providers, the message) names it.</summary>
    NodeDeleted,

    /// <summary>A node could not be deleted; <see cref="ProviderEvent.NodeName"/> names it, the message says why.</summary>
    DeleteFailed,
}
