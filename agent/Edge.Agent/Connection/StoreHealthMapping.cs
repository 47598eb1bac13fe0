using Edge.Agent.State;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Agent.Connection;

/// <summary>The state file's health as the agent reports it on its stream.</summary>
internal static class StoreHealthMapping
{
    public static Proto.StoreHealth ToProto(this StoreHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var proto = new Proto.StoreHealth
        {
            Failing = health.Failing,
            Reason = health.Reason,
            Quarantines = health.Quarantines,
            QuarantinedTo = health.QuarantinedTo ?? "",
            QuarantineReason = health.QuarantineReason,
        };
        if (health.FailingSince is { } since)
        {
            proto.FailingSince = Timestamp.FromDateTimeOffset(since);
        }

        if (health.QuarantinedAt is { } at)
        {
            proto.QuarantinedAt = Timestamp.FromDateTimeOffset(at);
        }

        return proto;
    }
}
