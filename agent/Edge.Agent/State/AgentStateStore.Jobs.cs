using Edge.Agent.Core;
using LiteDB;

namespace Edge.Agent.State;

/// <summary>Jobs' outcomes, one small document per job in the state collection.</summary>
internal sealed partial class AgentStateStore
{
    private const string JobIdPrefix = "job:";

    public void SaveJob(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            var doc = new BsonDocument
            {
                ["_id"] = JobIdPrefix + job.Name,
                ["fingerprint"] = job.Fingerprint,
                ["attempts"] = job.Attempts,
                ["phase"] = job.Phase.ToString(),
                ["message"] = job.Message,
                ["since"] = job.Since.UtcTicks,
            };
            if (job.ExitCode is { } code)
            {
                doc["exitCode"] = code;
            }

            Collection().Upsert(doc);
        }
    }

    /// <summary>The stored record of job <paramref name="name"/>, or null (none, or unreadable).</summary>
    public JobRecord? LoadJob(string name)
    {
        lock (_gate)
        {
            var doc = Collection().FindById(JobIdPrefix + name);
            if (doc is null || !Enum.TryParse<WorkloadPhase>(doc["phase"].AsString, out var phase))
            {
                return null;
            }

            return new JobRecord
            {
                Name = name,
                Fingerprint = doc["fingerprint"].AsString,
                Attempts = doc["attempts"].AsInt32,
                Phase = phase,
                Message = doc["message"].AsString,
                ExitCode = doc.TryGetValue("exitCode", out var code) && code.IsInt32 ? code.AsInt32 : null,
                Since = new DateTimeOffset(doc["since"].AsInt64, TimeSpan.Zero),
            };
        }
    }

    public void DeleteJob(string name)
    {
        lock (_gate)
        {
            Collection().Delete(JobIdPrefix + name);
        }
    }
}
