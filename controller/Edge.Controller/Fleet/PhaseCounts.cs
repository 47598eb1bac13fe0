namespace Edge.Controller.Fleet;

/// <summary>
/// Replicas of each workload by the phase Ready nodes report besides Running (Pending,
/// Succeeded, Failed), and each workload's most recent failure with its node: the READY-like
/// columns and the REASON of <c>edgectl get workloads</c>. Filled in the listing's one pass over the nodes.
/// </summary>
internal sealed class PhaseCounts
{
    private readonly Dictionary<(string Workload, string Digest), Counts> _counts = [];

    public void Note(string node, ObservedWorkload observed)
    {
        if (observed.Phase is not (ObservedPhase.Pending or ObservedPhase.Succeeded or ObservedPhase.Failed))
        {
            return;
        }

        var key = (observed.Name, observed.ModuleDigest);
        var counts = _counts.GetValueOrDefault(key) ?? (_counts[key] = new Counts());
        switch (observed.Phase)
        {
            case ObservedPhase.Pending:
                counts.Pending++;
                break;
            case ObservedPhase.Succeeded:
                counts.Succeeded++;
                break;
            default:
                counts.Failed++;
                if (counts.LastFailureAt is null || observed.Since > counts.LastFailureAt)
                {
                    counts.LastFailureAt = observed.Since;
                    counts.LastFailure = $"{node}: {observed.Message}";
                }

                break;
        }
    }

    /// <summary>The view with the counts of its workload's current module added.</summary>
    public WorkloadView AddTo(WorkloadView view) =>
        _counts.TryGetValue((view.Workload.Id, view.Workload.ModuleDigest), out var c)
            ? view with { ReplicasPending = c.Pending, ReplicasSucceeded = c.Succeeded, ReplicasFailed = c.Failed, LastFailure = c.LastFailure }
            : view;

    private sealed class Counts
    {
        public int Pending { get; set; }

        public int Succeeded { get; set; }

        public int Failed { get; set; }

        public string? LastFailure { get; set; }

        public DateTimeOffset? LastFailureAt { get; set; }
    }
}
