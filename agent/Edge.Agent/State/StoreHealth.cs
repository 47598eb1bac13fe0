namespace Edge.Agent.State;

/// <summary>
/// How the agent's state file fares, as reported to the controller and on /status and /metrics.
/// <see cref="Failing"/> holds while store calls fail and the file could not be rebuilt (e.g.
/// the disk refuses writes); <see cref="Quarantines"/> counts files moved aside since start.
/// </summary>
internal sealed record StoreHealth(
    bool Failing,
    string Reason,
    DateTimeOffset? FailingSince,
    long Quarantines,
    string? QuarantinedTo,
    string QuarantineReason,
    DateTimeOffset? QuarantinedAt)
{
    public static readonly StoreHealth Healthy = new(false, "", null, 0, null, "", null);
}
