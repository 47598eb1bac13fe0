using Edge.Agent.Core;
using YamlDotNet.RepresentationModel;

namespace Edge.Ctl.Manifests;

/// <summary>spec.volumes: scratch and persistent directories preopened for the guest.</summary>
internal sealed partial class WorkloadManifestParser
{
    private static readonly string[] VolumeFields = ["name", "kind", "mountPath", "sizeBytes", "readOnly", "emptyOn", "reclaimPolicy"];

    private List<VolumeSpec> ParseVolumes(Dictionary<string, YamlNode> spec)
    {
        var volumes = new List<VolumeSpec>();
        if (!spec.TryGetValue("volumes", out var node) || IsNull(node))
        {
            return volumes;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "spec.volumes", $"must be a list of volumes, got {Describe(node)}");
            return volumes;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (ParseVolume(sequence.Children[i], $"spec.volumes[{i}]") is { } volume)
            {
                volumes.Add(volume);
            }
        }

        return volumes;
    }

    private VolumeSpec? ParseVolume(YamlNode node, string path)
    {
        if (Fields(node, path, VolumeFields) is not { } fields)
        {
            return null;
        }

        var errorsBefore = errors.Count;
        var name = Required(fields, node, path, "name") is { } nameNode ? String(nameNode, $"{path}.name") : null;
        var kind = (VolumeKind)(-1);
        if (Required(fields, node, path, "kind") is { } kindNode && String(kindNode, $"{path}.kind") is { } kindText)
        {
            kind = VolumeText.Kind(kindText);
            if (!Enum.IsDefined(kind))
            {
                Error(kindNode, $"{path}.kind", $"\"{kindText}\" is not one of {VolumeText.Scratch}, {VolumeText.Persistent}");
            }
        }

        var mountPath = Required(fields, node, path, "mountPath") is { } mountNode ? String(mountNode, $"{path}.mountPath") : null;
        long? size = null;
        if (Required(fields, node, path, "sizeBytes") is not null)
        {
            size = Bytes(fields, "sizeBytes", path);
        }

        var readOnly = false;
        if (fields.TryGetValue("readOnly", out var readOnlyNode) && String(readOnlyNode, $"{path}.readOnly") is { } readOnlyText)
        {
            if (!bool.TryParse(readOnlyText, out readOnly))
            {
                Error(readOnlyNode, $"{path}.readOnly", $"\"{readOnlyText}\" is not true or false");
            }
        }

        var emptyOn = ScratchEmptyOn.Run;
        if (fields.TryGetValue("emptyOn", out var emptyNode) && String(emptyNode, $"{path}.emptyOn") is { } emptyText)
        {
            emptyOn = VolumeText.EmptyOn(emptyText);
            if (!Enum.IsDefined(emptyOn))
            {
                Error(emptyNode, $"{path}.emptyOn", $"\"{emptyText}\" is not one of run, start");
            }
            else if (kind == VolumeKind.Persistent)
            {
                Error(emptyNode, $"{path}.emptyOn", "applies to scratch volumes only: a persistent volume is never emptied");
            }
        }

        var reclaim = ReclaimPolicy.Delete;
        if (fields.TryGetValue("reclaimPolicy", out var reclaimNode) && String(reclaimNode, $"{path}.reclaimPolicy") is { } reclaimText)
        {
            reclaim = VolumeText.Reclaim(reclaimText);
            if (!Enum.IsDefined(reclaim))
            {
                Error(reclaimNode, $"{path}.reclaimPolicy", $"\"{reclaimText}\" is not one of Delete, Retain");
            }
            else if (kind == VolumeKind.Scratch)
            {
                Error(reclaimNode, $"{path}.reclaimPolicy", "applies to persistent volumes only: a scratch volume is always removed");
            }
        }

        return errors.Count == errorsBefore && name is not null && mountPath is not null && size is { } bytes
            ? new VolumeSpec { Name = name, Kind = kind, MountPath = mountPath, SizeBytes = bytes, ReadOnly = readOnly, EmptyOn = emptyOn, ReclaimPolicy = reclaim }
            : null;
    }
}
