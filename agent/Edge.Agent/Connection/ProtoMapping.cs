using Edge.Agent.Core;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Agent.Connection;

/// <summary>Proto ↔ agent domain, in one place.</summary>
internal static class ProtoMapping
{
    public static DesiredState ToDomain(this Proto.DesiredState proto) => new()
    {
        Version = proto.Version,
        Workloads = [.. proto.Workloads.Select(w => new WorkloadSpec
        {
            Name = w.Name,
            ModuleDigest = w.Module?.Digest ?? "",
            ModuleSizeBytes = w.Module?.SizeBytes ?? 0,
            Env = new Dictionary<string, string>(w.Env, StringComparer.Ordinal),
            Args = [.. w.Args],
        })],
    };

    public static Proto.WorkloadStatus ToProto(this WorkloadStatus status) => new()
    {
        Name = status.Name,
        Phase = status.Phase switch
        {
            WorkloadPhase.Pending => Proto.WorkloadPhase.Pending,
            WorkloadPhase.Running => Proto.WorkloadPhase.Running,
            WorkloadPhase.Failed => Proto.WorkloadPhase.Failed,
            _ => Proto.WorkloadPhase.Unspecified,
        },
        Message = status.Message,
        ModuleDigest = status.ModuleDigest,
        Since = Timestamp.FromDateTimeOffset(status.Since),
        Invocations = status.Invocations,
        Failures = status.Failures,
    };
}
