namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// A set of like nodes the node autoscaler may grow and shrink, as a Cluster Autoscaler node
/// group: bounds, the template a new node will look like (allocatable, labels, taints),
/// a priority for the priority expander and a cost per node-hour for the price expander.
/// Nodes belong to a group by the <see cref="Label"/> label.
/// </summary>
public sealed record NodeGroup
{
    public const string Label = "edge.io/nodegroup";

    public required string Name { get; init; }

    public int MinSize { get; init; }

    public required int MaxSize { get; init; }

    /// <summary>What a new node of the group looks like; its name is ignored.</summary>
    public required PlacementNode Template { get; init; }

    public int Priority { get; init; }

    public double Cost { get; init; }

    /// <summary>The template as a node named <paramref name="name"/> carrying the group label.</summary>
    public PlacementNode NewNode(string name)
    {
        var labels = new Dictionary<string, string>(Template.Labels, StringComparer.Ordinal) { [Label] = Name };
        return Template with { Name = name, Labels = labels, Condition = NodeCondition.Ready, Cordoned = false };
    }
}
