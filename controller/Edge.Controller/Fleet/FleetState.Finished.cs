using System.Collections.Concurrent;
using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>
/// A job replica that has finished (Succeeded, or Failed past its retries) releases what it
/// requested, as a Kubernetes pod in a terminal phase stops counting towards its node's requests
/// and its namespace's quota (https://kubernetes.io/docs/concepts/policy/resource-quotas/): its
/// assignment stays, so the node keeps it in its desired state and reports its phase, but it
/// requests nothing and other workloads may have the room. A replica that runs again (its job
/// changed) requests again.
/// </summary>
internal sealed partial class FleetState
{
    /// <summary>
    /// Per node and workload, the finished report last dealt with (its Since): read without the
    /// lock by <see cref="FinishingChangedLockFree"/>, so a status report that changes nothing
    /// here stays on the lock-free path.
    /// </summary>
    private readonly ConcurrentDictionary<(string Node, string Workload), DateTimeOffset> _finishSeen = new();

    /// <summary>Replicas placed with nothing requested because their job finished on their node.</summary>
    private readonly HashSet<(string Node, string Workload)> _released = [];

    private static bool IsJob(WorkloadRecord w) =>
        w.Job is not null || (w.Triggers.Count > 0 && w.Triggers.All(t => t.Kind == "once"));

    private static bool Finished(ObservedWorkload o) => o.Phase is ObservedPhase.Succeeded or ObservedPhase.Failed;

    /// <summary>True when <paramref name="workloads"/> tells something new of a finished replica (or of one running again).</summary>
    private bool FinishingChangedLockFree(string node, IReadOnlyList<ObservedWorkload> workloads)
    {
        foreach (var o in workloads)
        {
            var seen = _finishSeen.TryGetValue((node, o.Name), out var since);
            if (Finished(o) ? !seen || since != o.Since : seen)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Releases the requests of job replicas <paramref name="entry"/> reports finished, and restores
    /// those of replicas it reports running again; true when room changed (then the workloads
    /// still short of replicas are placed).
    /// </summary>
    private bool UpdateFinishedLocked(NodeEntry entry, IReadOnlyList<ObservedWorkload> workloads)
    {
        var node = entry.Record.Id;
        string? changedWorkload = null;
        foreach (var o in workloads)
        {
            var key = (node, o.Name);
            if (Finished(o))
            {
                _finishSeen[key] = o.Since;
                if (!_released.Contains(key) && _workloads.TryGetValue(o.Name, out var w) && IsJob(w)
                    && _cache.AssignmentsOf(o.Name).FirstOrDefault(a => a.Node == node) is { } done)
                {
                    _cache.Assign(done.Workload, done.Ordinal, node, default);
                    _released.Add(key);
                    changedWorkload = o.Name;
                    LogReplicaReleased(o.Name, node, o.Phase);
                }
            }
            else if (_finishSeen.TryRemove(key, out _) && _released.Remove(key)
                && _specs.TryGetValue(o.Name, out var spec)
                && _cache.AssignmentsOf(o.Name).FirstOrDefault(a => a.Node == node) is { } again)
            {
                _cache.Assign(again.Workload, again.Ordinal, node, spec.Requests);
                changedWorkload = o.Name;
            }
        }

        if (changedWorkload is null)
        {
            return false;
        }

        ReconcileChangedLocked(changedWorkload, _time.GetUtcNow());
        FlushLocked();
        return true;
    }

    /// <summary>Replicas of <paramref name="spec"/> that finished and request nothing: left out of its tenant's cpu, memory and replicas.</summary>
    private int FinishedReplicasLocked(PlacementWorkload spec) =>
        _released.Count == 0 ? 0 : _cache.AssignmentsOf(spec.Name).Count(a => _released.Contains((a.Node, a.Workload)));

    /// <summary>A replica ended (deleted, moved, its node gone): nothing of it stays released.</summary>
    private void ForgetFinishedLocked(ReplicaAssignment replica)
    {
        _released.Remove((replica.Node, replica.Workload));
        _finishSeen.TryRemove((replica.Node, replica.Workload), out _);
    }

    [LoggerMessage(EventId = 1195, Level = LogLevel.Information, Message = "Workload {Workload}'s job {Phase} on {Node}: its replica stays placed there and requests nothing more")]
    private partial void LogReplicaReleased(string workload, string node, ObservedPhase phase);
}
