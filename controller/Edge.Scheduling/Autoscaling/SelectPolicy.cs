namespace Edge.Scheduling.Autoscaling;

/// <summary>Which policy wins when several apply, as autoscaling/v2 selectPolicy.</summary>
public enum SelectPolicy
{
    /// <summary>The policy allowing the largest change.</summary>
    Max,

    /// <summary>The policy allowing the smallest change.</summary>
    Min,

    /// <summary>No scaling in this direction.</summary>
    Disabled,
}
