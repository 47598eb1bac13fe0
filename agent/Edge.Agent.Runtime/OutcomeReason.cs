namespace Edge.Agent.Runtime;

/// <summary>The short reason label a failed outcome is counted under in metrics.</summary>
public static class OutcomeReason
{
    public static string Of(InvocationOutcome outcome) => outcome switch
    {
        InvocationOutcome.ExitedWithError => "exit",
        InvocationOutcome.Trapped => "trap",
        InvocationOutcome.TimedOut => "timeout",
        InvocationOutcome.MemoryLimitExceeded => "memory",
        InvocationOutcome.InstantiationFailed => "instantiate",
        InvocationOutcome.OutputLimitExceeded => "output",
        InvocationOutcome.FuelExhausted => "fuel",
        InvocationOutcome.Busy => "busy",
        InvocationOutcome.Unavailable => "unavailable",
        InvocationOutcome.QuotaExceeded => "quota",
        _ => "ok",
    };
}
