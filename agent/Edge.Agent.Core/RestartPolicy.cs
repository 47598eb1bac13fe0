namespace Edge.Agent.Core;

/// <summary>
/// What a job does after a failed run, as a Kubernetes Job's pod template says it
/// (https://kubernetes.io/docs/concepts/workloads/controllers/job/#handling-pod-and-container-failures).
/// On a device both run the job again in a fresh instance until <see cref="JobSpec.BackoffLimit"/>
/// retries have failed; they differ only in the name an operator knows them by.
/// </summary>
public enum RestartPolicy
{
    /// <summary>A failed run is retried as a new run.</summary>
    Never,

    /// <summary>A failed run is restarted in place.</summary>
    OnFailure,
}
