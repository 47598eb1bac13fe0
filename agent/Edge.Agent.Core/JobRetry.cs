namespace Edge.Agent.Core;

/// <summary>
/// After a job's run ended: whether it is finished and, when not, when it runs again. Pure: the
/// attempt count and the back-off base come in, a decision with its reason comes out.
/// </summary>
public static class JobRetry
{
    /// <summary>Kubernetes' Job back-off ceiling.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(6);

    /// <param name="job">The workload's job settings; null = no retry.</param>
    /// <param name="attempts">Runs so far, the one that just ended included (1 after the first).</param>
    /// <param name="succeeded">Whether the run that just ended exited 0.</param>
    /// <param name="baseDelay">The first retry's delay (10 s as Kubernetes; tests pass less).</param>
    public static JobDecision Decide(JobSpec? job, int attempts, bool succeeded, TimeSpan baseDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        if (succeeded)
        {
            return new JobDecision(WorkloadPhase.Succeeded, null, "Completed");
        }

        var limit = job?.BackoffLimit ?? 0;
        if (attempts > limit)
        {
            return new JobDecision(
                WorkloadPhase.Failed,
                null,
                job is null ? "Failed" : $"BackoffLimitExceeded: {attempts} of {limit + 1} attempts failed");
        }

        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, baseDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
        return new JobDecision(WorkloadPhase.Pending, delay, $"BackOff: attempt {attempts} of {limit + 1} failed");
    }
}
