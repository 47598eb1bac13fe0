namespace Edge.Agent.Hosting;

/// <summary>
/// The agent's loops say they are alive here, each promising its next beat within a bound; the
/// systemd watchdog is pinged only while every loop keeps its promise, so a wedged loop (a store
/// call stuck in a lock, a hung publish) gets the agent restarted instead of pinging forever.
/// </summary>
internal sealed class LoopProgress(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    /// <summary>The loop made progress and will again within <paramref name="next"/>.</summary>
    public void Beat(string loop, TimeSpan next)
    {
        var due = time.GetUtcNow() + next;
        lock (_gate)
        {
            _due[loop] = due;
        }
    }

    /// <summary>A loop that ended on purpose (shutdown) no longer counts.</summary>
    public void Done(string loop)
    {
        lock (_gate)
        {
            _due.Remove(loop);
        }
    }

    /// <summary>Loops past their promised beat, with how late, longest first; empty when all keep up.</summary>
    public IReadOnlyList<(string Loop, TimeSpan Late)> Overdue()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return [.. _due.Where(kv => kv.Value < now).Select(kv => (kv.Key, now - kv.Value)).OrderByDescending(x => x.Item2)];
        }
    }
}
