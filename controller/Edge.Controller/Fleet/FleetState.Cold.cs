using System.Collections.Concurrent;
using System.Globalization;
using Edge.Controller.Events;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>
/// Scale to zero. A replicated workload at 0 replicas keeps a cold placement: the nodes its
/// replicas last ran on (or, when it never ran, the best node by its filters, resources aside)
/// hold it with <c>cold = true</c>: module cached and compiled, triggers armed, nothing warm and
/// nothing reserved, so it counts against no node's capacity and no tenant's quota. The first
/// invocation on such a node comes back as a status report (woken), or in the node's next hello
/// when its stream was down, and scales the workload to 1, placed on that node when it fits.
/// </summary>
internal sealed partial class FleetState
{
    /// <summary>Workloads held cold on each node.</summary>
    private readonly Dictionary<string, SortedSet<string>> _coldOn = new(StringComparer.Ordinal);

    /// <summary>The last wake (or refused wake) of each workload, for explain; not stored.</summary>
    private readonly Dictionary<string, string> _wakes = new(StringComparer.Ordinal);

    /// <summary>
    /// Wakes scaled up, by node: while the node still reports one of these workloads woken, it is
    /// that same wake (say the workload went back to 0 before the node saw it warm), not a new one.
    /// An index of the workloads' stored <see cref="WorkloadRecord.AnsweredWakes"/>. Written under
    /// <c>_gate</c>; read without it, so that a report from a node with none stays off the lock.
    /// </summary>
    private readonly ConcurrentDictionary<string, HashSet<string>> _answered = new(StringComparer.Ordinal);

    /// <summary>The node a workload being woken prefers for its replica, during that one reconcile.</summary>
    private readonly Dictionary<string, string> _wakePreference = new(StringComparer.Ordinal);

    /// <summary>The decision for a woken workload's replica, from its reconcile to its explain line.</summary>
    private readonly Dictionary<string, ReplicaPlacement> _wakePlacement = new(StringComparer.Ordinal);

    /// <summary>Where a workload is held cold now (empty unless it is at 0 replicas).</summary>
    public IReadOnlyList<string> ColdNodesOf(string name)
    {
        lock (_gate)
        {
            return [.. WorkloadLocked(name).ColdNodes];
        }
    }

    private static bool IsCold(WorkloadRecord w) =>
        w.Placement.Mode == PlacementMode.Replicated && w.Placement.Replicas == 0;

    /// <summary>
    /// Before a workload's new spec is stored and reconciled: at 0 replicas it is held cold where
    /// its replicas run now (they end in the reconcile that follows), else where it was held
    /// cold before, else on the best node by its filters; above 0 it is held cold nowhere.
    /// </summary>
    private void SetColdNodesLocked(WorkloadRecord workload, PlacementWorkload spec, WorkloadRecord? before)
    {
        List<string> nodes = [];
        if (IsCold(workload))
        {
            nodes = [.. _cache.AssignmentsOf(workload.Id).Select(a => a.Node).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            if (nodes.Count == 0)
            {
                nodes = [.. (before?.ColdNodes ?? []).Where(n => _cache.GetNode(n) is { } node && spec.MayRunOn(node))];
            }

            if (nodes.Count == 0 && ChooseColdNodeLocked(spec) is { } chosen)
            {
                nodes = [chosen];
            }
        }

        foreach (var old in before?.ColdNodes ?? [])
        {
            if (_coldOn.TryGetValue(old, out var set) && set.Remove(workload.Id))
            {
                _touched.Add(old);
            }
        }

        workload.ColdNodes = nodes;
        workload.AnsweredWakes = [.. (before?.AnsweredWakes ?? []).Union(workload.AnsweredWakes, StringComparer.Ordinal)]; // an apply replaces the record
        IndexColdLocked(workload);
    }

    /// <summary>Adds a workload's cold nodes to the index and marks them for a new desired state.</summary>
    private void IndexColdLocked(WorkloadRecord workload)
    {
        if (!IsCold(workload))
        {
            return;
        }

        foreach (var node in workload.ColdNodes)
        {
            if (!_coldOn.TryGetValue(node, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                _coldOn[node] = set;
            }

            set.Add(workload.Id);
            _touched.Add(node);
        }
    }

    private void ForgetColdLocked(string name)
    {
        foreach (var (node, set) in _answered)
        {
            if (set.Remove(name) && set.Count == 0)
            {
                _answered.TryRemove(node, out _);
            }
        }

        foreach (var (node, set) in _coldOn)
        {
            if (set.Remove(name))
            {
                _touched.Add(node);
            }
        }
    }

    /// <summary>
    /// A workload that never ran: the first node by name that is Ready, not cordoned, matches its
    /// selector and affinity and tolerates its taints; resources aside (a cold placement reserves nothing).
    /// </summary>
    private string? ChooseColdNodeLocked(PlacementWorkload spec) =>
        _cache.Nodes
            .Where(n => n.Condition == NodeCondition.Ready && !n.Cordoned && spec.MayRunOn(n)
                && n.Taints.All(t => t.Effect == TaintEffect.PreferNoSchedule || spec.Tolerations.Any(x => x.Tolerates(t))))
            .Select(n => n.Name)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>
    /// Adds to a node's workloads those it holds cold and returns their names; the desired hash
    /// covers the set (<see cref="ColdHash"/>), so going cold or waking moves the node's version.
    /// </summary>
    private HashSet<string> AddColdLocked(string node, List<WorkloadRecord> placed)
    {
        var cold = new HashSet<string>(StringComparer.Ordinal);
        if (_coldOn.TryGetValue(node, out var set))
        {
            foreach (var name in set)
            {
                if (_workloads.TryGetValue(name, out var w) && IsCold(w) && placed.All(p => p.Id != name))
                {
                    placed.Add(w);
                    cold.Add(name);
                }
            }
        }

        return cold;
    }

    private static string ColdHash(string hash, HashSet<string> cold) =>
        cold.Count == 0 ? hash : hash + " cold " + string.Join(",", cold.Order(StringComparer.Ordinal));

    /// <summary>
    /// A node reports cold workloads woken by their first invocation, in a status report or in
    /// its hello (the stream was down when it happened): each one still at 0 and still held cold
    /// on that node goes from 0 to 1 now, within its tenant's quota, its replica placed on that
    /// node when it fits there; the workload autoscaler takes over from there. A wake already
    /// answered, reported again, changes nothing.
    /// </summary>
    /// <returns>Whether a workload was woken (its snapshots are then staged for a commit).</returns>
    private bool WakeLocked(NodeEntry entry, IReadOnlyList<ObservedWorkload> workloads, DateTimeOffset now)
    {
        var woke = false;
        var node = entry.Record.Id;
        ForgetAnsweredWakesLocked(node, workloads);
        foreach (var o in workloads)
        {
            if (!o.Woken || IsAnsweredLocked(node, o.Name) || !_workloads.TryGetValue(o.Name, out var w) || !IsCold(w)
                || !_coldOn.TryGetValue(node, out var set) || !set.Contains(o.Name))
            {
                continue;
            }

            var spec = _specs[o.Name] with { Replicas = 1 };
            try
            {
                CheckQuotaLocked(spec);
            }
            catch (FleetException ex)
            {
                // Not answered: the node reports the wake again with its next status, and the
                // quota may allow it by then.
                NoteWakeLocked(o.Name, now, $"woken by an invocation on node {node}, but not scaled up: {ex.Message}");
                continue;
            }

            w.Placement.Replicas = 1;
            w.UpdatedAt = now;
            SetColdNodesLocked(w, spec, new WorkloadRecord { ColdNodes = w.ColdNodes });
            AnswerLocked(node, w);
            _store.SaveWorkload(w);
            _specs[o.Name] = spec;
            _wakePreference[o.Name] = node;
            try
            {
                ReconcileChangedLocked(o.Name, now);
            }
            finally
            {
                _wakePreference.Remove(o.Name);
            }

            _wakes[o.Name] = Stamp(now, $"woken by a first invocation on node {node} while cold: scaled 0 -> 1{WakePlacementLocked(o.Name, node)}");
            LogWoken(o.Name, node);
            Events.Woken(o.Name, node);
            woke = true;
        }

        if (woke)
        {
            FlushLocked();
        }

        return woke;
    }

    /// <summary>
    /// Places a workload's missing replicas; a workload just woken prefers, for this one decision,
    /// the node that woke it (its traffic arrives there and its module is compiled there).
    /// </summary>
    private WorkloadPlacement PlaceMissingLocked(PlacementWorkload spec, int count)
    {
        if (!_wakePreference.Remove(spec.Name, out var node))
        {
            return _engine.Place(spec, count);
        }

        var placement = _engine.Place(spec, count, node);
        _wakePlacement[spec.Name] = placement.Replicas[0];
        return placement;
    }

    /// <summary>Where the woken replica went, for explain and the log.</summary>
    private string WakePlacementLocked(string workload, string node)
    {
        if (!_wakePlacement.Remove(workload, out var r))
        {
            return "";
        }

        if (r.Node == node)
        {
            return $", placed on {node} where it was woken";
        }

        var why = r.PreferenceRefused ?? "";
        if (r.Node is { } other)
        {
            LogWokenPlacedElsewhere(workload, node, other, why);
            return $"; woken on {node}, placed on {other}: {why}";
        }

        return $"; woken on {node}, not placed: {why}; {r.Unplaced}";
    }

    /// <summary>Keeps an explain line as it is when the same thing happens again (no new time stamp for a repeated report).</summary>
    private void NoteWakeLocked(string workload, DateTimeOffset now, string text)
    {
        if (!(_wakes.TryGetValue(workload, out var last) && last.EndsWith(" " + text, StringComparison.Ordinal)))
        {
            _wakes[workload] = Stamp(now, text);
        }
    }

    private bool IsAnsweredLocked(string node, string workload) =>
        _answered.TryGetValue(node, out var set) && set.Contains(workload);

    private void AnswerLocked(string node, WorkloadRecord workload)
    {
        if (!workload.AnsweredWakes.Contains(node))
        {
            workload.AnsweredWakes.Add(node);
        }

        IndexAnsweredLocked(node, workload.Id);
    }

    private void IndexAnsweredLocked(WorkloadRecord workload)
    {
        foreach (var node in workload.AnsweredWakes)
        {
            IndexAnsweredLocked(node, workload.Id);
        }
    }

    private void IndexAnsweredLocked(string node, string workload)
    {
        if (!_answered.TryGetValue(node, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _answered[node] = set;
        }

        set.Add(workload);
    }

    /// <summary>
    /// The agent clears a workload's woken flag when its spec changes in place (it is sent warm,
    /// or cold again after that); once a node reports the workload not woken, or not at all, the
    /// next woken flag from it is a new wake.
    /// </summary>
    private void ForgetAnsweredWakesLocked(string node, IReadOnlyList<ObservedWorkload> workloads)
    {
        if (!_answered.TryGetValue(node, out var set))
        {
            return;
        }

        foreach (var name in set.Where(name => !workloads.Any(o => o.Woken && o.Name == name)).ToList())
        {
            set.Remove(name);
            if (_workloads.TryGetValue(name, out var w) && w.AnsweredWakes.Remove(node))
            {
                _store.SaveWorkload(w); // rare: once per wake, when the node has seen the workload warm
            }
        }

        if (set.Count == 0)
        {
            _answered.TryRemove(node, out _);
        }
    }

    /// <summary>A report from a node with an answered wake must reach <see cref="WakeLocked"/> (under the lock) to clear it.</summary>
    private bool HasAnsweredWakes(string node) => _answered.ContainsKey(node);

    /// <summary>For explain: where the workload is held cold and its last wake.</summary>
    private (string Cold, string Woken) ColdExplanationLocked(WorkloadRecord w) =>
        (IsCold(w)
            ? (w.ColdNodes.Count == 0
                ? "at 0 replicas and held cold nowhere: no node passes its filters"
                : $"at 0 replicas, held cold on {string.Join(", ", w.ColdNodes)} (module cached, nothing reserved); the first invocation there scales it to 1")
            : "",
         _wakes.GetValueOrDefault(w.Id) ?? "");

    private static string Stamp(DateTimeOffset at, string text) =>
        at.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + text;
}
