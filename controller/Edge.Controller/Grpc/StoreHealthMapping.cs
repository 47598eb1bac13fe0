using Edge.Controller.Fleet;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>The agent's state-file health: from its stream, and back out on the admin API.</summary>
internal static class StoreHealthMapping
{
    /// <summary>Null when the agent sent none (an older agent): the last report stands.</summary>
    public static StoreReport? ToDomain(this Proto.StoreHealth? proto) => proto is null
        ? null
        : new StoreReport(
            proto.Failing,
            proto.Reason,
            proto.FailingSince?.ToDateTimeOffset(),
            proto.Quarantines,
            proto.QuarantinedTo,
            proto.QuarantineReason,
            proto.QuarantinedAt?.ToDateTimeOffset());

    public static Proto.StoreHealth ToProto(this StoreReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var proto = new Proto.StoreHealth
        {
            Failing = report.Failing,
            Reason = report.Reason,
            Quarantines = report.Quarantines,
            QuarantinedTo = report.QuarantinedTo,
            QuarantineReason = report.QuarantineReason,
        };
        if (report.FailingSince is { } since)
        {
            proto.FailingSince = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(since);
        }

        if (report.QuarantinedAt is { } at)
        {
            proto.QuarantinedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at);
        }

        return proto;
    }

    /// <summary>The node's raised health conditions and its agent's state file.</summary>
    public static void AddHealth(this Proto.Node node, NodeView view)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(view);
        node.HealthConditions.Add(view.HealthConditions.Select(c => new Proto.NodeHealthCondition
        {
            Type = c.Type.ToString(),
            Reason = c.Reason,
            Message = c.Message,
            Since = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(c.Since),
        }));
        node.Store = view.Store.ToProto();
    }
}
