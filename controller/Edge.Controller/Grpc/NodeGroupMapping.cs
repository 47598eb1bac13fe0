using Edge.Controller.Autoscaling;
using Edge.Controller.Store;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>Node groups and the node autoscaler's explanations: proto ↔ controller types.</summary>
internal static class NodeGroupMapping
{
    /// <summary>The request as a record; a malformed taint throws <see cref="ArgumentException"/> naming it.</summary>
    public static NodeGroupRecord ToRecord(this Proto.ApplyNodeGroupRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var template = r.Template ?? new Proto.NodeGroupTemplate();
        return new NodeGroupRecord
        {
            Id = r.Name,
            MinSize = r.MinSize,
            MaxSize = r.MaxSize,
            CpuMillis = template.Allocatable?.CpuMillicores ?? 0,
            MemoryBytes = template.Allocatable?.MemoryBytes ?? 0,
            Labels = new Dictionary<string, string>(template.Labels, StringComparer.Ordinal),
            Taints = [.. template.Taints.Select((t, i) => t.ToDomain($"spec.template.taints[{i}]")).Select(t => new TaintRecord { Key = t.Key, Value = t.Value, Effect = t.Effect })],
            MaxWorkloads = template.MaxWorkloads,
            ExtendedResources = new Dictionary<string, long>(template.ExtendedResources, StringComparer.Ordinal),
            Priority = r.Priority,
            Cost = r.Cost,
            Provider = r.Provider,
        };
    }

    public static Proto.NodeGroupInfo ToProto(this NodeGroupStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var spec = status.Spec;
        var template = new Proto.NodeGroupTemplate { Allocatable = new Proto.Resources { CpuMillicores = spec.CpuMillis, MemoryBytes = spec.MemoryBytes } };
        template.Labels.Add(spec.Labels);
        template.Taints.Add(spec.Taints.Select(t => new Proto.NodeTaint { Key = t.Key, Value = t.Value, Effect = t.Effect.ToString() }));
        template.MaxWorkloads = spec.MaxWorkloads;
        template.ExtendedResources.Add(spec.ExtendedResources);
        return new Proto.NodeGroupInfo
        {
            Name = spec.Id,
            MinSize = spec.MinSize,
            MaxSize = spec.MaxSize,
            Template = template,
            Priority = spec.Priority,
            Cost = spec.Cost,
            Provider = spec.Provider,
            ProviderType = status.ProviderType,
            Current = status.Nodes,
            Ready = status.Ready,
            Upcoming = status.Upcoming,
            Removing = status.Removing,
            Backoff = status.Backoff is { } b
                ? new Proto.NodeGroupBackoff { Failures = b.Failures, Until = Timestamp.FromDateTimeOffset(b.Until), LastError = b.LastError }
                : null,
            Changed = status.Changed,
        };
    }

    public static Proto.NodeGroupExplanation ToProto(this NodeGroupExplanation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var proto = new Proto.NodeGroupExplanation { Group = e.Group.ToProto(), LastPass = At(e.LastPass) };
        proto.Nodes.Add(e.Nodes.Select(ToProto));
        proto.Notes.Add(e.Notes);
        proto.Events.Add(e.Events.Select(ToProto));
        return proto;
    }

    public static Proto.NodeScaleDownExplanation ToProto(this NodeScaleDownExplanation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var proto = new Proto.NodeScaleDownExplanation
        {
            Node = e.Node,
            InFleet = e.InFleet,
            Group = e.Group ?? "",
            Verdict = e.Verdict is { } v ? v.ToProto() : null,
            RemovalPhase = e.Removal?.Phase ?? "",
            LastPass = At(e.LastPass),
        };
        proto.Notes.Add(e.Notes);
        proto.Events.Add(e.Events.Select(ToProto));
        return proto;
    }

    private static Proto.NodeScaleDownVerdict ToProto(this NodeScaleDownStatus v) => new()
    {
        Node = v.Node,
        Group = v.Group ?? "",
        Remove = v.Remove,
        Reason = v.Reason,
        DecidedAt = Timestamp.FromDateTimeOffset(v.DecidedAt),
    };

    private static Proto.NodeAutoscalerEvent ToProto(this NodeAutoscalerEvent e) => new()
    {
        At = Timestamp.FromDateTimeOffset(e.At),
        Kind = e.Kind,
        Group = e.Group,
        Node = e.Node,
        Message = e.Message,
    };

    private static Timestamp? At(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
