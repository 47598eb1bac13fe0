namespace Edge.Scheduling.Autoscaling;

public enum ProviderEventKind
{
    /// <summary>A requested node came up; <see cref="ProviderEvent.Node"/> is it.</summary>
    NodeReady,

    /// <summary>A requested node will not come.</summary>
    ScaleUpFailed,

    /// <summary>A node was deleted.</summary>
    NodeDeleted,
}
