using Edge.Ctl.Simulation;
using Edge.Scheduling.Autoscaling;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>
/// <c>kind: NodeGroup</c>: metadata.name and spec (min, max, priority, cost, provider, template).
/// The provider is a name the controller's configuration defines; the controller checks it exists.
/// </summary>
internal sealed partial class WorkloadManifestParser
{
    public const string NodeGroupKind = "NodeGroup";

    private readonly List<NodeGroupManifest> nodeGroups = [];

    private void ParseNodeGroup(Dictionary<string, YamlNode> fields, YamlNode root)
    {
        var errorsBefore = errors.Count;
        string? name = null;
        if (Required(fields, root, string.Empty, "metadata") is { } metadataNode
            && Fields(metadataNode, "metadata", MetadataFields) is { } metadata)
        {
            name = ParseName(metadata, metadataNode);
        }

        NodeGroup? group = null;
        string? provider = null;
        if (Required(fields, root, string.Empty, "spec") is { } specNode
            && YamlFields.Open(file, errors, specNode, "spec", ["provider", .. NodeGroupYaml.GroupFields]) is { } spec)
        {
            provider = spec.String("provider", required: true);
            if (provider is not null && !Scheduling.Names.IsDnsLabel(provider))
            {
                spec.Error(spec.Raw("provider")!, "spec.provider", $"\"{provider}\" is not a provider name (a DNS label defined in the controller's Controller:NodeAutoscaling:Providers)");
            }

            group = NodeGroupYaml.Parse(spec, name);
            foreach (var (field, problem) in group is null ? [] : NodeGroupRules.Check(group))
            {
                spec.Error(specNode, field, problem);
            }
        }

        if (errors.Count != errorsBefore || group is null || provider is null)
        {
            return;
        }

        if (nodeGroups.Any(g => g.Group.Name == group.Name))
        {
            Error(root, "metadata.name", $"node group \"{group.Name}\" is already defined in this file");
            return;
        }

        nodeGroups.Add(new NodeGroupManifest(group, provider));
    }
}
