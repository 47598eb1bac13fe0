using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Edge.Agent.Core;
using Edge.Agent.State;

namespace Edge.Agent.Workloads;

/// <summary>
/// Jobs' runs and outcomes on this node: counts each job's attempts, decides with
/// <see cref="JobRetry"/> whether a failed run is retried and when, presents the runtime's status
/// of a job as its job phase (Pending while backing off, Succeeded, Failed with the reason), and
/// keeps each job's record in the state file so a finished job stays finished across restarts.
/// Called by the supervisor under its apply lock; statuses are read from any thread.
/// </summary>
internal sealed class JobTracker(AgentStateStore store, TimeProvider time, TimeSpan backoffBase)
{
    /// <summary>Kubernetes' first Job retry delay.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="spec"/> finished on this node before (Succeeded or Failed past
    /// its retries, same spec): it is not run again.
    /// </summary>
    public bool Finished(WorkloadSpec spec)
    {
        var record = Known(spec);
        return record is { Terminal: true };
    }

    /// <summary>A run of job <paramref name="spec"/> ended as <paramref name="status"/> says: records it and decides what is next.</summary>
    public JobDecision Ended(WorkloadSpec spec, WorkloadStatus status)
    {
        var attempts = (Known(spec)?.Attempts ?? 0) + 1;
        var succeeded = status.Phase == WorkloadPhase.Succeeded;
        var decision = JobRetry.Decide(spec.Job, attempts, succeeded, backoffBase);
        var now = time.GetUtcNow();
        var message = decision.Phase switch
        {
            WorkloadPhase.Succeeded => "",
            WorkloadPhase.Pending => string.Create(
                CultureInfo.InvariantCulture,
                $"{decision.Reason}: {status.Message}; next attempt at {now + decision.RetryAfter!.Value:HH:mm:ss}Z"),
            _ when spec.Job is null => status.Message,
            _ => $"{decision.Reason}: {status.Message}",
        };
        var record = new JobRecord
        {
            Name = spec.Name,
            Fingerprint = Fingerprint(spec),
            Attempts = attempts,
            Phase = decision.Phase,
            Message = message,
            ExitCode = status.ExitCode,
            Since = now,
        };
        lock (_gate)
        {
            _jobs[spec.Name] = record;
        }

        store.TryWithRecovery(() =>
        {
            store.SaveJob(record);
            store.ReportSuccess();
        });
        return decision;
    }

    /// <summary>Forgets a job that is no longer wanted (or changed): its next start runs it afresh.</summary>
    public void Forget(string name)
    {
        lock (_gate)
        {
            _jobs.Remove(name);
        }

        store.TryWithRecovery(() =>
        {
            store.DeleteJob(name);
            store.ReportSuccess();
        });
    }

    /// <summary>
    /// The statuses to report: the runtime's, a job's shown with its job phase, attempts and exit
    /// code, plus the finished jobs the runtime does not hold (restored after a restart).
    /// </summary>
    public IEnumerable<WorkloadStatus> Present(IReadOnlyList<WorkloadStatus> runtime, IReadOnlyDictionary<string, WorkloadSpec> started)
    {
        Dictionary<string, JobRecord> jobs;
        lock (_gate)
        {
            if (_jobs.Count == 0)
            {
                return runtime;
            }

            jobs = new Dictionary<string, JobRecord>(_jobs, StringComparer.Ordinal);
        }

        var shown = runtime.Select(s => s.Phase is WorkloadPhase.Failed or WorkloadPhase.Succeeded && jobs.TryGetValue(s.Name, out var job) ? Overlay(s, job) : s).ToList();
        foreach (var job in jobs.Values)
        {
            if (runtime.All(s => s.Name != job.Name) && started.TryGetValue(job.Name, out var spec))
            {
                shown.Add(new WorkloadStatus
                {
                    Name = job.Name,
                    Phase = job.Phase,
                    Message = job.Message,
                    ModuleDigest = spec.ModuleDigest,
                    Since = job.Since,
                    Invocations = job.Attempts,
                    Failures = job.Phase == WorkloadPhase.Succeeded ? job.Attempts - 1 : job.Attempts,
                    ExitCode = job.ExitCode,
                    Attempts = job.Attempts,
                });
            }
        }

        return shown;
    }

    private static WorkloadStatus Overlay(WorkloadStatus status, JobRecord job) => status with
    {
        Phase = job.Phase,
        Message = job.Message,
        ExitCode = job.ExitCode,
        Attempts = job.Attempts,
        Since = job.Since,
    };

    /// <summary>The record of this job for this very spec: in memory, else from the state file.</summary>
    private JobRecord? Known(WorkloadSpec spec)
    {
        var fingerprint = Fingerprint(spec);
        lock (_gate)
        {
            if (_jobs.TryGetValue(spec.Name, out var held))
            {
                return held.Fingerprint == fingerprint ? held : null;
            }
        }

        JobRecord? stored = null;
        store.TryWithRecovery(() => stored = store.LoadJob(spec.Name));
        if (stored is null || stored.Fingerprint != fingerprint)
        {
            return null;
        }

        lock (_gate)
        {
            _jobs[spec.Name] = stored;
        }

        return stored;
    }

    /// <summary>A spec's identity: a changed module, argument, environment or setting is another job.</summary>
    internal static string Fingerprint(WorkloadSpec spec)
    {
        var json = JsonSerializer.Serialize(spec with { Env = new SortedDictionary<string, string>(spec.Env.ToDictionary(), StringComparer.Ordinal) }, StateJsonContext.Default.WorkloadSpec);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
