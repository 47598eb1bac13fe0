using Edge.Ctl.Simulation;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Edge.Scheduling.Bounds;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>
/// A node group's fields as YAML, the same in a <c>kind: NodeGroup</c> manifest and in a
/// simulate scenario: min, max, priority, cost and a template (cpu, memory, labels, taints,
/// maxWorkloads, extendedResources).
/// </summary>
internal static class NodeGroupYaml
{
    public static readonly string[] GroupFields = ["min", "max", "priority", "cost", "template"];

    private static readonly string[] TemplateFields = ["cpu", "memory", "labels", "taints", "maxWorkloads", "extendedResources"];

    /// <summary>The group named <paramref name="name"/> from <paramref name="f"/>, or null after adding each problem.</summary>
    public static NodeGroup? Parse(YamlFields f, string? name)
    {
        ArgumentNullException.ThrowIfNull(f);
        var errors = f.Errors.Count;
        var min = f.Int("min", 0, NodeGroupRules.MaxNodes) ?? 0;
        var max = f.Int("max", 0, NodeGroupRules.MaxNodes, required: true);
        if (max is { } m && m < min)
        {
            f.Error(f.Raw("max")!, f.Field("max"), $"must be at least min ({min}), got {m}");
        }

        var template = f.Map("template", true, TemplateFields);
        var cpu = template?.Cpu("cpu", required: true);
        var memory = template?.Bytes("memory", required: true);
        var labels = template?.StringMap("labels") ?? [];
        var taints = template is null ? [] : ParseTaints(template);
        var maxWorkloads = template?.Int("maxWorkloads", (int)ManifestBounds.TemplateMaxWorkloads.Min, (int)ManifestBounds.TemplateMaxWorkloads.Max) ?? 0;
        var devices = template?.ExtendedResources("extendedResources") ?? [];
        var priority = f.Int("priority", (int)ManifestBounds.GroupPriority.Min, (int)ManifestBounds.GroupPriority.Max) ?? 0;
        var cost = f.Double("cost", ManifestBounds.GroupCost.Min, ManifestBounds.GroupCost.Max) ?? 0;
        if (name is null || max is null || cpu is null || memory is null || f.Errors.Count != errors)
        {
            return null;
        }

        return new NodeGroup
        {
            Name = name,
            MinSize = min,
            MaxSize = max.Value,
            Priority = priority,
            Cost = cost,
            Template = new PlacementNode
            {
                Name = name + "-template", Labels = labels, Taints = taints, Allocatable = new ResourceAmount(cpu.Value, memory.Value),
                MaxWorkloads = maxWorkloads, ExtendedResources = devices,
            },
        };
    }

    /// <summary>taints: ["key[=value]:Effect", …], as kubectl taint writes them.</summary>
    public static List<Taint> ParseTaints(YamlFields f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var taints = new List<Taint>();
        foreach (var (node, path) in f.List("taints"))
        {
            var text = (node as YamlScalarNode)?.Value ?? "";
            var colon = text.LastIndexOf(':');
            var effect = colon < 0 ? (TaintEffect?)null : text[(colon + 1)..] switch
            {
                "NoSchedule" => TaintEffect.NoSchedule,
                "PreferNoSchedule" => TaintEffect.PreferNoSchedule,
                "NoExecute" => TaintEffect.NoExecute,
                _ => null,
            };
            if (effect is null || colon == 0)
            {
                f.Error(node, path, $"a taint is key[=value]:NoSchedule|PreferNoSchedule|NoExecute, got \"{text}\"");
                continue;
            }

            var keyValue = text[..colon].Split('=', 2);
            taints.Add(new Taint(keyValue[0], keyValue.Length > 1 ? keyValue[1] : "", effect.Value));
        }

        return taints;
    }
}
