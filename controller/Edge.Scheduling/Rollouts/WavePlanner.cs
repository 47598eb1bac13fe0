using System.Globalization;

namespace Edge.Scheduling.Rollouts;

/// <summary>
/// The waves after the canary. Each wave's size is cumulative (10 %, 50 %, 100 % of the nodes);
/// a wave begins <c>pauseBetween</c> after the one before completed, moves at most
/// <c>maxPerMinute</c> nodes in any minute, and takes Ready nodes first, then by name (a node
/// that is offline joins when it returns: <see cref="RevisionCatchUp"/>). Pure: the caller keeps
/// the state (nodes on the new revision, the wave, when it completed, the recent moves).
/// </summary>
public static class WavePlanner
{
    /// <param name="nodes">Every node the workload runs on.</param>
    /// <param name="onNew">Those already given the new revision (the canary included).</param>
    /// <param name="waves">Cumulative wave sizes, the last one normally 100 %.</param>
    /// <param name="wave">The wave in progress (0-based).</param>
    /// <param name="previousWaveDoneAt">When the wave before completed (the canary's verdict for wave 0); null = no pause to keep.</param>
    /// <param name="recentMoves">When nodes were moved, any age (only the last minute counts).</param>
    /// <param name="maxPerMinute">Most nodes moved in any minute; null = no limit.</param>
    /// <param name="pauseBetween">Wait after a wave completes before the next begins.</param>
    /// <param name="now">The clock.</param>
    public static WaveDecision Next(
        IReadOnlyList<RolloutNode> nodes,
        IReadOnlySet<string> onNew,
        IReadOnlyList<CohortSize> waves,
        int wave,
        DateTimeOffset? previousWaveDoneAt,
        IReadOnlyList<DateTimeOffset> recentMoves,
        int? maxPerMinute,
        TimeSpan pauseBetween,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(onNew);
        ArgumentNullException.ThrowIfNull(waves);
        ArgumentNullException.ThrowIfNull(recentMoves);
        if (waves.Count == 0)
        {
            throw new ArgumentException("a rollout has at least one wave", nameof(waves));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(wave);
        if (maxPerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerMinute), maxPerMinute, "maxPerMinute is at least 1");
        }

        var done = nodes.Count(n => onNew.Contains(n.Name));
        if (wave >= waves.Count)
        {
            return new WaveDecision(waves.Count - 1, [], null, true, "every wave done");
        }

        var target = waves[wave].Of(nodes.Count);
        if (done >= target)
        {
            return wave == waves.Count - 1 || done >= nodes.Count
                ? new WaveDecision(wave, [], null, true, Invariant($"{done} of {nodes.Count} nodes on the new revision: every wave done"))
                : new WaveDecision(wave, [], null, false, Invariant($"wave {wave + 1} done ({done} of {nodes.Count} nodes)"));
        }

        if (previousWaveDoneAt is { } doneAt && now < doneAt + pauseBetween)
        {
            return new WaveDecision(wave, [], doneAt + pauseBetween, false, Invariant($"pausing {pauseBetween.TotalSeconds:0.#} s between waves before wave {wave + 1} ({waves[wave]})"));
        }

        var allowed = target - done;
        if (maxPerMinute is { } max)
        {
            var lastMinute = recentMoves.Where(t => t > now - TimeSpan.FromMinutes(1)).Order().ToList();
            var left = max - lastMinute.Count;
            if (left <= 0)
            {
                return new WaveDecision(wave, [], lastMinute[^max] + TimeSpan.FromMinutes(1), false, Invariant($"maxPerMinute {max} reached: {lastMinute.Count} nodes moved in the last minute"));
            }

            allowed = Math.Min(allowed, left);
        }

        var move = nodes.Where(n => !onNew.Contains(n.Name))
            .OrderBy(n => n.Ready ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Take(allowed).Select(n => n.Name).ToList();
        return new WaveDecision(wave, move, null, false, Invariant($"wave {wave + 1} ({waves[wave]}, {target} nodes): moving {move.Count}, {done} already on the new revision"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
