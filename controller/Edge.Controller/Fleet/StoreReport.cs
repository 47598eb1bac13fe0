namespace Edge.Controller.Fleet;

/// <summary>A node's agent state file as its agent last reported it.</summary>
internal sealed record StoreReport(
    bool Failing,
    string Reason,
    DateTimeOffset? FailingSince,
    long Quarantines,
    string QuarantinedTo,
    string QuarantineReason,
    DateTimeOffset? QuarantinedAt)
{
    public static readonly StoreReport None = new(false, "", null, 0, "", "", null);
}
