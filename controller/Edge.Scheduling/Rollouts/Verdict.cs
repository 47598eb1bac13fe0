namespace Edge.Scheduling.Rollouts;

/// <summary>An analysis's outcome.</summary>
public enum Verdict
{
    /// <summary>Too little to go on yet (fewer invocations than asked, a figure missing): wait.</summary>
    Inconclusive,

    Pass,

    Fail,
}
