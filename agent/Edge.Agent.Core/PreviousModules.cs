namespace Edge.Agent.Core;

/// <summary>
/// Which modules to keep on disk besides those desired now: for each desired workload, the module
/// it ran before its current one, so that a rollback to the previous revision needs no download
/// and no compile. Forgets a workload that leaves the desired state. Not thread-safe: one owner.
/// </summary>
public sealed class PreviousModules
{
    private readonly Dictionary<string, (string Current, string? Previous)> _byWorkload = new(StringComparer.Ordinal);

    /// <summary>Takes the desired workloads' modules; returns the digests to keep (each one's current and previous).</summary>
    public IReadOnlySet<string> Keep(IEnumerable<(string Workload, string Digest)> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (workload, digest) in desired)
        {
            seen.Add(workload);
            (string Current, string? Previous) entry = _byWorkload.TryGetValue(workload, out var known)
                ? known.Current == digest ? known : (digest, known.Current)
                : (digest, null);
            _byWorkload[workload] = entry;
            keep.Add(entry.Current);
            if (entry.Previous is { } previous)
            {
                keep.Add(previous);
            }
        }

        foreach (var gone in _byWorkload.Keys.Where(w => !seen.Contains(w)).ToList())
        {
            _byWorkload.Remove(gone);
        }

        return keep;
    }
}
