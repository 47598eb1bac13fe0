namespace Edge.Agent.Runtime;

/// <summary>How one run of a workload's <c>_start</c> ended.</summary>
public enum InvocationOutcome
{
    /// <summary>Returned from <c>_start</c>, or called WASI <c>proc_exit(0)</c>.</summary>
    Succeeded,

    /// <summary>Called WASI <c>proc_exit</c> with a nonzero code.</summary>
    ExitedWithError,

    /// <summary>Trapped (unreachable, out-of-bounds access, division by zero, ...).</summary>
    Trapped,

    /// <summary>Still running when its time budget ran out; it was interrupted.</summary>
    TimedOut,

    /// <summary>Needed more linear memory than the runtime allows.</summary>
    MemoryLimitExceeded,

    /// <summary>Could not be instantiated (an import is missing, a table is too large, ...).</summary>
    InstantiationFailed,

    /// <summary>Wrote more than the workload's output budget to stdout or stderr; it was stopped.</summary>
    OutputLimitExceeded,

    /// <summary>Burned all the fuel the workload's limits allow.</summary>
    FuelExhausted,

    /// <summary>Refused without running: every slot was taken and the queue was full.</summary>
    Busy,

    /// <summary>Nothing ran: no such workload, it is Failed, or it exports no <c>_start</c>.</summary>
    Unavailable,

    /// <summary>A volume holds more than its size: the run that filled it, and every run after, is answered so.</summary>
    QuotaExceeded,
}
