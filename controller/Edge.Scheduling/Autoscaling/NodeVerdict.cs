namespace Edge.Scheduling.Autoscaling;

/// <summary>What scale-down concluded about one node: removed or kept, and why.</summary>
public sealed record NodeVerdict(string Node, string? Group, bool Remove, string Reason)
{
    public override string ToString() => $"{Node}: {(Remove ? "remove" : "keep")}, {Reason}";
}
