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
            Cold = w.Cold,
            Job = w.Job.ToDomain(),
            HttpOutput = w.Http?.Output ?? "",
            Volumes = [.. w.Volumes.Select(v => VolumeText.FromWire(v.Name, v.Kind, v.MountPath, v.SizeBytes, v.ReadOnly, v.EmptyOn, v.ReclaimPolicy))],
            Pool = w.Pool is { } pool ? new PoolSpec
            {
                MinWarm = pool.HasMinWarm ? pool.MinWarm : PoolSpec.DefaultMinWarm,
                MaxConcurrency = pool.HasMaxConcurrency ? pool.MaxConcurrency : PoolSpec.DefaultMaxConcurrency,
                MaxQueue = pool.HasMaxQueue ? pool.MaxQueue : PoolSpec.DefaultMaxQueue,
                IdleAfter = pool.IdleAfter?.ToTimeSpan() ?? PoolSpec.DefaultIdleAfter,
            } : PoolSpec.Default,
            Limits = w.Limits is { } limits ? new LimitsSpec
            {
                Timeout = limits.Timeout?.ToTimeSpan(),
                Fuel = limits.Fuel,
                MemoryBytes = limits.MemoryBytes,
                MaxOutputBytes = limits.MaxOutputBytes,
            } : LimitsSpec.Default,
            Triggers = [.. w.Triggers.Select(t => new TriggerSpec
            {
                Kind = t.Kind switch
                {
                    Proto.TriggerKind.Http => TriggerKind.Http,
                    Proto.TriggerKind.Mqtt => TriggerKind.Mqtt,
                    Proto.TriggerKind.Interval => TriggerKind.Interval,
                    Proto.TriggerKind.Once => TriggerKind.Once,
                    _ => (TriggerKind)(-1), // refused by DesiredStateValidator with the trigger's index
                },
                Topic = t.Topic,
                ReplyTopic = t.ReplyTopic,
                Interval = t.Interval?.ToTimeSpan() ?? TimeSpan.Zero,
            })],
        })],
    };

    public static Proto.WorkloadStatus ToProto(this WorkloadStatus status) => new Proto.WorkloadStatus
    {
        Name = status.Name,
        Phase = status.Phase switch
        {
            WorkloadPhase.Pending => Proto.WorkloadPhase.Pending,
            WorkloadPhase.Running => Proto.WorkloadPhase.Running,
            WorkloadPhase.Failed => Proto.WorkloadPhase.Failed,
            WorkloadPhase.Succeeded => Proto.WorkloadPhase.Succeeded,
            _ => Proto.WorkloadPhase.Unspecified,
        },
        Message = status.Message,
        ModuleDigest = status.ModuleDigest,
        Since = Timestamp.FromDateTimeOffset(status.Since),
        Invocations = status.Invocations,
        Failures = status.Failures,
        Cold = status.Cold,
        Woken = status.Woken,
        WarmInstances = status.WarmInstances,
        Attempts = status.Attempts,
    }.WithExitCode(status.ExitCode);

    private static Proto.WorkloadStatus WithExitCode(this Proto.WorkloadStatus proto, int? exitCode)
    {
        if (exitCode is { } code)
        {
            proto.ExitCode = code;
        }

        return proto;
    }

    /// <summary>
    /// A job's settings; an unknown restart policy maps to a value the validator refuses with
    /// its name, so a bad desired state is refused whole, never half-applied.
    /// </summary>
    private static JobSpec? ToDomain(this Proto.JobSpec? job) => job is null ? null : new JobSpec
    {
        RestartPolicy = job.RestartPolicy switch
        {
            "" or nameof(RestartPolicy.Never) => RestartPolicy.Never,
            nameof(RestartPolicy.OnFailure) => RestartPolicy.OnFailure,
            _ => (RestartPolicy)(-1),
        },
        BackoffLimit = job.BackoffLimit,
    };
}
