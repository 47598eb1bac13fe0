using Edge.Controller.Store;
using Edge.Scheduling;
using Edge.Scheduling.Bounds;

namespace Edge.Controller.Fleet;

/// <summary>
/// Failure isolation: a workload whose placement cannot be decided — out of the documented
/// bounds (a record saved by an older controller), or any exception from the decision — is marked
/// failed with the reason and left out of every reconcile, so the others keep being applied,
/// scaled and placed, across restarts too. The mark belongs to the spec that failed: an apply or a
/// scale (a new spec) tries again; <c>get workloads</c> and <c>explain</c> show the reason.
/// </summary>
internal sealed partial class FleetState
{
    /// <summary>Failed workloads: the spec that failed and why. Not stored: a restart decides again.</summary>
    private readonly Dictionary<string, (PlacementWorkload Spec, string Reason)> _failed = new(StringComparer.Ordinal);

    /// <summary>The reason a workload's current spec failed, or null.</summary>
    private string? FailureLocked(string name) =>
        _failed.TryGetValue(name, out var f) && _specs.TryGetValue(name, out var spec) && ReferenceEquals(f.Spec, spec) ? f.Reason : null;

    /// <summary>
    /// Reconciles one workload unless its spec has failed; a spec out of bounds, or a decision that
    /// throws, marks it failed instead of failing the caller (an apply, a scale, a node's hello or
    /// the lifecycle pass of every other workload).
    /// </summary>
    private void ReconcileLocked(PlacementWorkload spec, DateTimeOffset now)
    {
        if (_failed.TryGetValue(spec.Name, out var failed))
        {
            if (ReferenceEquals(failed.Spec, spec))
            {
                return;
            }

            _failed.Remove(spec.Name); // a new spec: decide again
        }

        if (ManifestBounds.CheckWorkload(spec) is { Count: > 0 } problems)
        {
            IsolateLocked(spec, "out of bounds: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Problem}")));
            return;
        }

        try
        {
            ReconcileUnguardedLocked(spec, now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IsolateLocked(spec, $"placement failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// Marks the spec failed and ends its replicas: a decision that threw halfway may have put
    /// some in the cache without recording them, and ending them all leaves cache, store and
    /// nodes agreeing (the workload runs nowhere until a new spec places it).
    /// </summary>
    private void IsolateLocked(PlacementWorkload spec, string reason)
    {
        _failed[spec.Name] = (spec, reason);
        foreach (var stale in _failed.Keys.Where(n => !_specs.ContainsKey(n)).ToList())
        {
            _failed.Remove(stale); // deleted since
        }

        foreach (var a in _cache.AssignmentsOf(spec.Name).ToList())
        {
            EndLocked(a, "workload failed: " + reason);
        }

        _engine.Forget(spec.Name);
        _unplaced.Remove(spec.Name);
        _leftOut.Remove(spec.Name);
        LogWorkloadFailed(spec.Name, reason);
    }

    /// <summary>
    /// An apply whose own workload failed to place is refused and undone in memory before anything
    /// of it is stored: the previous record (or none) is back, and placed again if it was running.
    /// </summary>
    /// <returns>The refusal to report once the undo is committed.</returns>
    private string UndoFailedApplyLocked(WorkloadRecord applied, WorkloadRecord? existing, PlacementWorkload? before, DateTimeOffset now)
    {
        var name = applied.Id;
        var reason = FailureLocked(name) ?? "placement failed";
        _failed.Remove(name);
        ForgetColdLocked(name);
        _hashText.Remove(name);
        if (existing is null || before is null)
        {
            _workloads.Remove(name);
            _specs.Remove(name);
            _unplaced.Remove(name);
            _leftOut.Remove(name);
        }
        else
        {
            _workloads[name] = existing;
            _specs[name] = before;
            IndexColdLocked(existing);
            ReconcileLocked(before, now);
        }

        FlushLocked();
        return $"workload {name} cannot be placed and was not applied (nothing changed): {reason}";
    }

    /// <summary>
    /// Loads a stored workload. One whose record cannot be turned into a spec (a field an older
    /// controller left empty, a value no spec can hold) is kept with a placeholder spec of no
    /// replicas, marked failed with the reason, and gets none of its stored assignments.
    /// </summary>
    private void LoadWorkloadLocked(WorkloadRecord workload)
    {
        _workloads[workload.Id] = workload;
        try
        {
            _specs[workload.Id] = workload.ToPlacement();
            _engine.Declare(_specs[workload.Id]); // its anti-affinity binds others before it is reconciled itself
            IndexColdLocked(workload);
            IndexAnsweredLocked(workload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What the views read must be there, or listing the fleet would fail on this record.
            workload.Placement ??= new WorkloadPlacementRecord();
            workload.NodeSelector ??= [];
            workload.Env ??= [];
            workload.Args ??= [];
            workload.Triggers ??= [];
            workload.ColdNodes = [];
            workload.AnsweredWakes = [];
            var spec = new PlacementWorkload { Name = workload.Id, Tenant = workload.Placement.Tenant ?? WorkloadPlacementRecord.DefaultTenant, Replicas = 0 };
            _specs[workload.Id] = spec;
            var reason = $"the stored record cannot be read: {ex.GetType().Name}: {ex.Message}";
            _failed[workload.Id] = (spec, reason);
            LogWorkloadFailed(workload.Id, reason);
        }
    }

    /// <summary>A failed workload's explanation: the reason, and no attempt to place it again.</summary>
    private WorkloadExplanation FailedExplanationLocked(string name, string reason)
    {
        var spec = _specs[name];
        return new WorkloadExplanation(name, spec.Mode, DesiredLocked(spec), [], "not placed: the workload failed") { Failure = reason };
    }
}
