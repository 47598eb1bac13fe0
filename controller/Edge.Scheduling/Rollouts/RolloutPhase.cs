namespace Edge.Scheduling.Rollouts;

/// <summary>Where a rollout stands.</summary>
public enum RolloutPhase
{
    Canary,
    Waves,
    Paused,
    Completed,
    RolledBack,
    Aborted,
    Superseded,
}
