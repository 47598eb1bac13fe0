namespace Edge.Agent.Core;

/// <summary>
/// How a run-once workload (a job) is retried: Kubernetes Job semantics, a retry after each
/// failed run with an exponential back-off (10 s, 20 s, 40 s … capped at 6 min) until
/// <see cref="BackoffLimit"/> retries have failed. A workload without one is not retried.
/// </summary>
public sealed record JobSpec
{
    /// <summary>Kubernetes' default backoffLimit.</summary>
    public const int DefaultBackoffLimit = 6;

    public const int MaxBackoffLimit = 100;

    public RestartPolicy RestartPolicy { get; init; } = RestartPolicy.Never;

    /// <summary>Retries after the first failed run; 0 = the first failure is final.</summary>
    public int BackoffLimit { get; init; } = DefaultBackoffLimit;
}
