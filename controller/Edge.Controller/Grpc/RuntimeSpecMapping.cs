using Edge.Agent.Core;
using Edge.Controller.Store;
using Google.Protobuf.WellKnownTypes;
using Proto = Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>
/// A workload's pool, limits and triggers: proto ↔ store records, and the
/// agent's own range rules (Edge.Agent.Core) applied at the admin API, so a
/// bad value is refused before it reaches any node.
/// </summary>
internal static class RuntimeSpecMapping
{
    public static WorkloadPoolRecord? ToRecord(this Proto.PoolSpec? pool) => pool is null ? null : new()
    {
        MinWarm = pool.HasMinWarm ? pool.MinWarm : null,
        MaxConcurrency = pool.HasMaxConcurrency ? pool.MaxConcurrency : null,
        MaxQueue = pool.HasMaxQueue ? pool.MaxQueue : null,
        IdleAfterMs = (long)(pool.IdleAfter?.ToTimeSpan().TotalMilliseconds ?? 0),
    };

    public static WorkloadLimitsRecord? ToRecord(this Proto.WorkloadLimits? limits) => limits is null ? null : new()
    {
        TimeoutMs = (long)(limits.Timeout?.ToTimeSpan().TotalMilliseconds ?? 0),
        Fuel = limits.Fuel,
        MemoryBytes = limits.MemoryBytes,
        MaxOutputBytes = limits.MaxOutputBytes,
    };

    /// <summary>A job's settings as stored; throws naming an unknown restart policy.</summary>
    public static WorkloadJobRecord? ToRecord(this Proto.JobSpec? job) => job is null ? null : new()
    {
        RestartPolicy = job.RestartPolicy switch
        {
            "" or nameof(RestartPolicy.Never) => nameof(RestartPolicy.Never),
            nameof(RestartPolicy.OnFailure) => nameof(RestartPolicy.OnFailure),
            _ => throw new ArgumentException($"restartPolicy \"{job.RestartPolicy}\" is not one of Never, OnFailure"),
        },
        BackoffLimit = job.BackoffLimit,
    };

    /// <summary>Store records of the triggers; throws naming an unspecified kind.</summary>
    public static List<TriggerRecord> ToRecords(this IEnumerable<Proto.Trigger> triggers) =>
        [.. triggers.Select((t, i) => new TriggerRecord
        {
            Kind = t.Kind switch
            {
                Proto.TriggerKind.Http => "http",
                Proto.TriggerKind.Mqtt => "mqtt",
                Proto.TriggerKind.Interval => "interval",
                Proto.TriggerKind.Once => "once",
                _ => throw new ArgumentException($"triggers[{i}]: kind {t.Kind} is not one of http, mqtt, interval, once"),
            },
            Topic = t.Topic,
            ReplyTopic = t.ReplyTopic,
            IntervalMs = (long)(t.Interval?.ToTimeSpan().TotalMilliseconds ?? 0),
        })];

    /// <summary>The agent's rules for pool, limits and triggers; empty when all hold.</summary>
    public static IReadOnlyList<string> Check(WorkloadRecord record) =>
        [.. WorkloadSpecRules.Check(new WorkloadSpec
        {
            Name = record.Id,
            ModuleDigest = record.ModuleDigest,
            Pool = ToDomain(record.Pool),
            Limits = ToDomain(record.Limits),
            HttpOutput = record.HttpOutput,
            Volumes = record.Volumes.ToDomain(),
            Job = record.Job is { } job
                ? new JobSpec { RestartPolicy = System.Enum.Parse<RestartPolicy>(job.RestartPolicy), BackoffLimit = job.BackoffLimit }
                : null,
            Triggers = [.. record.Triggers.Select(t => new TriggerSpec
            {
                Kind = System.Enum.Parse<TriggerKind>(t.Kind, ignoreCase: true),
                Topic = t.Topic,
                ReplyTopic = t.ReplyTopic,
                Interval = TimeSpan.FromMilliseconds(t.IntervalMs),
            })],
        })];

    public static void AddRuntime(this Proto.WorkloadSpec spec, WorkloadRecord record)
    {
        if (record.Pool is { } pool)
        {
            spec.Pool = new Proto.PoolSpec();
            if (pool.MinWarm is { } minWarm)
            {
                spec.Pool.MinWarm = minWarm;
            }

            if (pool.MaxConcurrency is { } maxConcurrency)
            {
                spec.Pool.MaxConcurrency = maxConcurrency;
            }

            if (pool.MaxQueue is { } maxQueue)
            {
                spec.Pool.MaxQueue = maxQueue;
            }

            if (pool.IdleAfterMs > 0)
            {
                spec.Pool.IdleAfter = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(pool.IdleAfterMs));
            }
        }

        if (record.Limits is { } limits)
        {
            spec.Limits = new Proto.WorkloadLimits
            {
                Fuel = limits.Fuel,
                MemoryBytes = limits.MemoryBytes,
                MaxOutputBytes = limits.MaxOutputBytes,
                Timeout = limits.TimeoutMs > 0 ? Duration.FromTimeSpan(TimeSpan.FromMilliseconds(limits.TimeoutMs)) : null,
            };
        }

        if (record.Job is { } job)
        {
            spec.Job = new Proto.JobSpec { RestartPolicy = job.RestartPolicy, BackoffLimit = job.BackoffLimit };
        }

        if (record.HttpOutput.Length > 0)
        {
            spec.Http = new Proto.HttpOutput { Output = record.HttpOutput };
        }

        spec.Volumes.Add(record.Volumes.ToProto());

        spec.Triggers.Add(record.Triggers.Select(t => new Proto.Trigger
        {
            Kind = System.Enum.Parse<TriggerKind>(t.Kind, ignoreCase: true) switch
            {
                TriggerKind.Http => Proto.TriggerKind.Http,
                TriggerKind.Mqtt => Proto.TriggerKind.Mqtt,
                TriggerKind.Interval => Proto.TriggerKind.Interval,
                _ => Proto.TriggerKind.Once,
            },
            Topic = t.Topic,
            ReplyTopic = t.ReplyTopic,
            Interval = t.IntervalMs > 0 ? Duration.FromTimeSpan(TimeSpan.FromMilliseconds(t.IntervalMs)) : null,
        }));
    }

    private static PoolSpec ToDomain(WorkloadPoolRecord? pool) => pool is null ? PoolSpec.Default : new()
    {
        MinWarm = pool.MinWarm ?? PoolSpec.DefaultMinWarm,
        MaxConcurrency = pool.MaxConcurrency ?? PoolSpec.DefaultMaxConcurrency,
        MaxQueue = pool.MaxQueue ?? PoolSpec.DefaultMaxQueue,
        IdleAfter = pool.IdleAfterMs > 0 ? TimeSpan.FromMilliseconds(pool.IdleAfterMs) : PoolSpec.DefaultIdleAfter,
    };

    private static LimitsSpec ToDomain(WorkloadLimitsRecord? limits) => limits is null ? LimitsSpec.Default : new()
    {
        Timeout = limits.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(limits.TimeoutMs) : null,
        Fuel = limits.Fuel,
        MemoryBytes = limits.MemoryBytes,
        MaxOutputBytes = limits.MaxOutputBytes,
    };
}
