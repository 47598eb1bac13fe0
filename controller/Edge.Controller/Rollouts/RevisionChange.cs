using Edge.Controller.Store;

namespace Edge.Controller.Rollouts;

/// <summary>Why a workload got a new revision, in words: what of its template changed.</summary>
internal static class RevisionChange
{
    /// <summary>
    /// "module sha256:0123456789ab → sha256:fedcba987654; env LEVEL" for a change from
    /// <paramref name="before"/>, "created (module …)" without one; a template equal to a kept
    /// revision's says so ("rollback to revision 3: …").
    /// </summary>
    public static string Describe(WorkloadRecord? before, WorkloadRecord after, int? sameAsRevision)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            return $"created (module {Short(after.ModuleDigest)})";
        }

        var parts = new List<string>();
        if (before.ModuleDigest != after.ModuleDigest)
        {
            parts.Add($"module {Short(before.ModuleDigest)} → {Short(after.ModuleDigest)}");
        }

        var env = before.Env.Keys.Union(after.Env.Keys, StringComparer.Ordinal)
            .Where(k => !before.Env.TryGetValue(k, out var a) || !after.Env.TryGetValue(k, out var b) || a != b)
            .Order(StringComparer.Ordinal).ToList();
        if (env.Count > 0)
        {
            parts.Add($"env {string.Join(", ", env.Take(5))}{(env.Count > 5 ? $" and {env.Count - 5} more" : "")}");
        }

        if (!before.Args.SequenceEqual(after.Args))
        {
            parts.Add("args");
        }

        if (before.Limits?.ToString() != after.Limits?.ToString())
        {
            parts.Add("limits");
        }

        if (!before.Triggers.Select(t => t.ToString()).SequenceEqual(after.Triggers.Select(t => t.ToString())))
        {
            parts.Add("triggers");
        }

        if (before.Pool?.ToString() != after.Pool?.ToString() || before.Job?.ToString() != after.Job?.ToString() || before.HttpOutput != after.HttpOutput)
        {
            parts.Add("runtime (pool, job or http output)");
        }

        var what = parts.Count == 0 ? "template" : string.Join("; ", parts);
        return sameAsRevision is { } n ? $"rollback to revision {n}: {what}" : what;
    }

    /// <summary>"sha256:0123456789ab".</summary>
    public static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
