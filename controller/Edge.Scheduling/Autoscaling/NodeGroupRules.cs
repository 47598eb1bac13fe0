using System.Globalization;
using Edge.Scheduling.Bounds;

namespace Edge.Scheduling.Autoscaling;

/// <summary>
/// What makes a node group well formed, checked the same by edgectl before sending and by the
/// controller before storing. Each problem names its manifest field.
/// </summary>
public static class NodeGroupRules
{
    /// <summary>The largest max a group may have.</summary>
    public const int MaxNodes = 100_000;

    public static IReadOnlyList<(string Field, string Problem)> Check(NodeGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var problems = new List<(string, string)>();
        if (!Names.IsDnsLabel(group.Name))
        {
            problems.Add(("metadata.name", $"\"{group.Name}\" is not a DNS label (lowercase letters, digits and '-', 1-63 characters)"));
        }

        if (group.MinSize is < 0 or > MaxNodes)
        {
            problems.Add(("spec.min", Invariant($"must be from 0 to {MaxNodes}, got {group.MinSize}")));
        }

        if (group.MaxSize is < 0 or > MaxNodes)
        {
            problems.Add(("spec.max", Invariant($"must be from 0 to {MaxNodes}, got {group.MaxSize}")));
        }
        else if (group.MaxSize < group.MinSize)
        {
            problems.Add(("spec.max", Invariant($"must be at least spec.min ({group.MinSize}), got {group.MaxSize}")));
        }

        if (group.Template.Allocatable.CpuMillis <= 0)
        {
            problems.Add(("spec.template.cpu", Invariant($"must be more than 0, got {group.Template.Allocatable.CpuMillis}m")));
        }

        if (group.Template.Allocatable.MemoryBytes <= 0)
        {
            problems.Add(("spec.template.memory", Invariant($"must be more than 0 bytes, got {group.Template.Allocatable.MemoryBytes}")));
        }

        if (ManifestBounds.TemplateMaxWorkloads.Problem(group.Template.MaxWorkloads) is { } maxWorkloads)
        {
            problems.Add(("spec.template.maxWorkloads", maxWorkloads));
        }

        foreach (var (key, value) in group.Template.Labels)
        {
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                problems.Add(("spec.template.labels", $"label key \"{key}\" must be non-empty and without spaces"));
            }
            else if (key == NodeGroup.Label && value != group.Name)
            {
                problems.Add(("spec.template.labels", $"{NodeGroup.Label} is the group's own name \"{group.Name}\" on its nodes, not \"{value}\"; leave it out"));
            }
        }

        foreach (var taint in group.Template.Taints)
        {
            if (taint.Key.Length == 0 || taint.Key.Any(char.IsWhiteSpace))
            {
                problems.Add(("spec.template.taints", $"taint key \"{taint.Key}\" must be non-empty and without spaces"));
            }
        }

        if (!double.IsFinite(group.Cost) || group.Cost < 0)
        {
            problems.Add(("spec.cost", Invariant($"must be a number 0 or more (cost per node-hour), got {group.Cost}")));
        }
        else if (ManifestBounds.GroupCost.Problem(group.Cost) is { } cost)
        {
            problems.Add((ManifestBounds.GroupCost.Field, cost));
        }

        foreach (var (bound, value) in new[]
        {
            (ManifestBounds.GroupPriority, (long)group.Priority),
            (ManifestBounds.TemplateCpu, Math.Max(1, group.Template.Allocatable.CpuMillis)),
            (ManifestBounds.TemplateMemory, Math.Max(1, group.Template.Allocatable.MemoryBytes)),
            (ManifestBounds.TemplateLabels, group.Template.Labels.Count),
            (ManifestBounds.TemplateTaints, group.Template.Taints.Count),
        })
        {
            // cpu and memory at or below 0 are reported above in their own words.
            if (bound.Problem(value) is { } problem)
            {
                problems.Add((bound.Field, problem));
            }
        }

        return problems;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
