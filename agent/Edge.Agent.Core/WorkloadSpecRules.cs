namespace Edge.Agent.Core;

/// <summary>Range checks of a workload's pool, limits and triggers; each error names its field.</summary>
public static class WorkloadSpecRules
{
    public const long MaxMemoryBytes = 4L * 1024 * 1024 * 1024;
    public const int MaxOutputBytes = 64 * 1024 * 1024;
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxIdleAfter = TimeSpan.FromDays(1);
    public const long MaxFuel = 1_000_000_000_000_000;
    public const int MaxTriggers = 16;
    public const int MaxTopicLength = 1024;

    public static IEnumerable<string> Check(WorkloadSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var pool = spec.Pool;
        if (pool.MinWarm < 0 || pool.MinWarm > pool.MaxConcurrency)
        {
            yield return $"pool.minWarm {pool.MinWarm} must be between 0 and pool.maxConcurrency ({pool.MaxConcurrency})";
        }

        if (pool.MaxConcurrency is < 1 or > PoolSpec.MaxAllowedConcurrency)
        {
            yield return $"pool.maxConcurrency {pool.MaxConcurrency} must be between 1 and {PoolSpec.MaxAllowedConcurrency}";
        }

        if (pool.MaxQueue is < 0 or > PoolSpec.MaxAllowedQueue)
        {
            yield return $"pool.maxQueue {pool.MaxQueue} must be between 0 and {PoolSpec.MaxAllowedQueue}";
        }

        if (pool.IdleAfter <= TimeSpan.Zero)
        {
            yield return $"pool.idleAfter {pool.IdleAfter.TotalMilliseconds} ms must be positive";
        }
        else if (pool.IdleAfter > MaxIdleAfter)
        {
            yield return $"pool.idleAfter {pool.IdleAfter.TotalMilliseconds} ms must be at most {MaxIdleAfter.TotalHours} h";
        }

        var limits = spec.Limits;
        if (limits.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxTimeout))
        {
            yield return $"limits.timeout {timeout.TotalMilliseconds} ms must be positive and at most {MaxTimeout.TotalHours} h";
        }

        if (limits.Fuel < 0)
        {
            yield return $"limits.fuel {limits.Fuel} must not be negative";
        }
        else if (limits.Fuel > MaxFuel)
        {
            yield return $"limits.fuel {limits.Fuel} must be at most {MaxFuel}";
        }

        if (limits.MemoryBytes is < 0 or > MaxMemoryBytes)
        {
            yield return $"limits.memoryBytes {limits.MemoryBytes} must be between 0 and {MaxMemoryBytes}";
        }

        if (limits.MaxOutputBytes is < 0 or > MaxOutputBytes)
        {
            yield return $"limits.maxOutputBytes {limits.MaxOutputBytes} must be between 0 and {MaxOutputBytes}";
        }

        if (HttpOutputMode.Check(spec.HttpOutput) is { } output)
        {
            yield return output;
        }

        if (spec.Job is { } job)
        {
            if (!Enum.IsDefined(job.RestartPolicy))
            {
                yield return $"restartPolicy {(int)job.RestartPolicy} is not one of Never, OnFailure";
            }

            if (job.BackoffLimit is < 0 or > JobSpec.MaxBackoffLimit)
            {
                yield return $"backoffLimit {job.BackoffLimit} must be between 0 and {JobSpec.MaxBackoffLimit}";
            }

            if (spec.Triggers.Any(t => t.Kind != TriggerKind.Once))
            {
                yield return "restartPolicy and backoffLimit apply to jobs only (no trigger, or only a once trigger)";
            }
        }

        foreach (var volume in VolumeRules.Check(spec.Volumes))
        {
            yield return volume;
        }

        if (spec.Triggers.Count > MaxTriggers)
        {
            yield return $"triggers has {spec.Triggers.Count} entries, at most {MaxTriggers} allowed";
        }

        for (var i = 0; i < spec.Triggers.Count; i++)
        {
            var t = spec.Triggers[i];
            var where = $"triggers[{i}] ({t.Kind.ToString().ToLowerInvariant()})";
            if (t.Topic.Length > MaxTopicLength || t.ReplyTopic.Length > MaxTopicLength)
            {
                yield return $"{where}: topic and replyTopic must be at most {MaxTopicLength} characters";
                continue;
            }

            switch (t.Kind)
            {
                case TriggerKind.Mqtt when t.Topic.Length == 0:
                    yield return $"{where}: topic is required";
                    break;
                case TriggerKind.Mqtt when t.ReplyTopic.Contains('+', StringComparison.Ordinal) || t.ReplyTopic.Contains('#', StringComparison.Ordinal):
                    yield return $"{where}: replyTopic '{t.ReplyTopic}' must not contain the wildcards + or #";
                    break;
                case TriggerKind.Interval when t.Interval < MinInterval:
                    yield return $"{where}: interval {t.Interval.TotalMilliseconds} ms must be at least {MinInterval.TotalMilliseconds} ms";
                    break;
                case TriggerKind.Interval when t.Interval > MaxInterval:
                    yield return $"{where}: interval {t.Interval.TotalMilliseconds} ms must be at most {MaxInterval.TotalHours} h";
                    break;
                case TriggerKind.Http or TriggerKind.Mqtt or TriggerKind.Interval or TriggerKind.Once:
                    break;
                default:
                    yield return $"{where}: unknown trigger kind";
                    break;
            }
        }
    }
}
