namespace Edge.Scheduling;

/// <summary>Why no node fit: each filter with the count of nodes it removed.</summary>
public sealed record FitSummary(int TotalNodes, int FitNodes, IReadOnlyList<FilterCount> Removed)
{
    public override string ToString() => PlacementRules.Summarize(TotalNodes, FitNodes, Removed);
}
