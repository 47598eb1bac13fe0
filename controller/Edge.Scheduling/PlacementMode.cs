namespace Edge.Scheduling;

public enum PlacementMode
{
    /// <summary>A fixed number of replicas placed by filters and scores.</summary>
    Replicated,

    /// <summary>One replica on every node that passes the filters, as a DaemonSet.</summary>
    Global,
}
