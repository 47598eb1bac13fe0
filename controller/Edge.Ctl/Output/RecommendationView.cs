namespace Edge.Ctl.Output;

/// <summary>The stable JSON/YAML shape of <c>recommend workload</c>.</summary>
internal sealed record RecommendationView(
    string Name,
    ResourcesView Current,
    ResourcesView? Recommended,
    bool WorthResizing,
    int Samples,
    IReadOnlyList<string> Reasons)
{
    public string Tenant { get; init; } = "default";
}
