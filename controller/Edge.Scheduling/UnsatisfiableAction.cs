namespace Edge.Scheduling;

public enum UnsatisfiableAction
{
    /// <summary>A hard filter: a node whose domain would exceed maxSkew is removed.</summary>
    DoNotSchedule,

    /// <summary>A score: each replica the domain has above the least loaded one costs points.</summary>
    ScheduleAnyway,
}
