namespace Edge.Scheduling.Rollouts;

/// <summary>
/// The revision a node is given, and so the one a node that was offline gets when it returns:
/// the new revision once the rollout completed, the stable one once it was rolled back, aborted
/// or superseded (never a revision that was rolled back), and while it runs, the new one only
/// if the node was already moved (a returning node joins its wave when the planner takes it).
/// </summary>
public static class RevisionCatchUp
{
    public static int RevisionFor(string node, RolloutPhase phase, int stableRevision, int newRevision, IReadOnlySet<string> onNew)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(onNew);
        return phase switch
        {
            RolloutPhase.Completed => newRevision,
            RolloutPhase.RolledBack or RolloutPhase.Aborted or RolloutPhase.Superseded => stableRevision,
            _ => onNew.Contains(node) ? newRevision : stableRevision,
        };
    }
}
