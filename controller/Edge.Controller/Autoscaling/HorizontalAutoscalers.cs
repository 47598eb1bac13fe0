using Edge.Controller.Events;
using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Edge.Shared;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// The workload autoscalers: their specs (stored, per tenant), and one pass over all of them that
/// reads each target's metrics, runs <see cref="WorkloadAutoscaler"/> and sets the new count
/// through <see cref="FleetState.ScaleWorkload"/>. Recommendations and scale events live in
/// memory, as in the HPA controller; a restart begins a new scale-down window.
/// </summary>
internal sealed partial class HorizontalAutoscalers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AutoscalerEntry> _entries = new(StringComparer.Ordinal);
    private readonly IAutoscalerStore _store;
    private readonly FleetState _fleet;
    private readonly TelemetrySeriesStore _series;
    private readonly TimeProvider _time;
    private readonly HorizontalAutoscalingOptions _options;
    private readonly ILogger<HorizontalAutoscalers> _logger;
    private long _passes;
    private long _scaledUp;
    private long _scaledDown;
    private long _failedRescales;

    public HorizontalAutoscalers(
        IAutoscalerStore store,
        FleetState fleet,
        TelemetrySeriesStore series,
        TimeProvider time,
        IOptions<HorizontalAutoscalingOptions> options,
        ILogger<HorizontalAutoscalers> logger)
    {
        _store = store;
        _fleet = fleet;
        _series = series;
        _time = time;
        _options = options.Value;
        _logger = logger;
        foreach (var record in store.LoadAutoscalers())
        {
            _entries[record.Id] = new AutoscalerEntry(record);
        }

        LogLoaded(_entries.Count);
    }

    /// <summary>Creates or changes an autoscaler; a refusal names the field and changes nothing.</summary>
    public AutoscalerStatus Apply(string name, string tenant, AutoscalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        tenant = tenant.Length == 0 ? WorkloadPlacementRecord.DefaultTenant : tenant;
        if (!WorkloadKeys.IsValid(name))
        {
            throw new FleetException(FleetError.Invalid, $"metadata.name: autoscaler name '{WorkloadKeys.NameOf(name)}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        if (WorkloadKeys.TenantOf(name) != tenant)
        {
            throw new FleetException(FleetError.Invalid, $"autoscaler {WorkloadKeys.Describe(name)} is not in tenant \"{tenant}\"");
        }

        if (AutoscalerMetricNames.Check(spec) is { } problem)
        {
            throw new FleetException(FleetError.Invalid, $"autoscaler {WorkloadKeys.NameOf(name)}: {problem}");
        }

        lock (_gate)
        {
            var target = _fleet.AutoscaleTargetOf(spec.Workload)
                ?? throw new FleetException(FleetError.NotFound, $"autoscaler {WorkloadKeys.NameOf(name)}: spec.workload: workload {WorkloadKeys.Describe(spec.Workload)} not found");
            if (target.Tenant != tenant)
            {
                throw new FleetException(FleetError.Precondition, $"autoscaler {WorkloadKeys.NameOf(name)}: spec.workload: workload {WorkloadKeys.Describe(spec.Workload)} belongs to tenant \"{target.Tenant}\", not \"{tenant}\"");
            }

            if (target.Mode != PlacementMode.Replicated)
            {
                throw new FleetException(FleetError.Precondition, $"autoscaler {WorkloadKeys.NameOf(name)}: spec.workload: workload {WorkloadKeys.Describe(spec.Workload)} is global (one replica per matching node) and cannot be autoscaled; give it replicas in its manifest");
            }

            if (_entries.Values.FirstOrDefault(e => e.Record.Workload == spec.Workload && e.Record.Id != name) is { } other)
            {
                throw new FleetException(FleetError.Precondition, $"autoscaler {WorkloadKeys.NameOf(name)}: spec.workload: workload {WorkloadKeys.Describe(spec.Workload)} is already autoscaled by \"{WorkloadKeys.NameOf(other.Record.Id)}\"; two autoscalers on one workload would fight");
            }

            _entries.TryGetValue(name, out var existing);
            if (existing is not null && existing.Record.Tenant != tenant)
            {
                throw new FleetException(FleetError.Precondition, $"autoscaler {name} already exists in tenant \"{existing.Record.Tenant}\"");
            }

            var record = AutoscalerRecord.From(name, tenant, spec, existing?.Record.CreatedAt ?? _time.GetUtcNow());
            var changed = existing is null || existing.Record.Text() != record.Text();
            if (changed)
            {
                _store.SaveAutoscaler(record);
            }

            var entry = existing ?? new AutoscalerEntry(record);
            _entries[name] = entry;

            // A new spec keeps the recommendations and scale events, as an HPA update does.
            entry.Record = record;
            entry.Spec = record.ToSpec();
            LogApplied(name, spec.Workload, spec.MinReplicas, spec.MaxReplicas, spec.Metrics.Count, changed);
            return StatusLocked(entry) with { Changed = changed };
        }
    }

    public IReadOnlyList<AutoscalerStatus> List()
    {
        lock (_gate)
        {
            return [.. _entries.Values.OrderBy(e => e.Record.Id, StringComparer.Ordinal).Select(StatusLocked)];
        }
    }

    /// <summary>The autoscaling the workload has, if any (for edgectl scale's warning and explain).</summary>
    public AutoscalerStatus? Of(string workload)
    {
        lock (_gate)
        {
            return _entries.Values.FirstOrDefault(e => e.Record.Workload == workload) is { } e ? StatusLocked(e) : null;
        }
    }

    /// <param name="name">The autoscaler.</param>
    /// <param name="tenant">The tenant the caller acts for; empty = "default".</param>
    public void Delete(string name, string tenant)
    {
        tenant = tenant.Length == 0 ? WorkloadPlacementRecord.DefaultTenant : tenant;
        lock (_gate)
        {
            if (!_entries.TryGetValue(name, out var entry) || entry.Record.Tenant != tenant)
            {
                throw new FleetException(FleetError.NotFound, $"autoscaler \"{WorkloadKeys.NameOf(name)}\" not found in tenant \"{tenant}\"");
            }

            _store.DeleteAutoscaler(name);
            _entries.Remove(name);
            LogDeleted(name);
        }
    }

    /// <summary>The autoscaler and its recent decisions, newest first; the latest pass first even when it repeated the one before.</summary>
    public (AutoscalerStatus Status, IReadOnlyList<RecordedDecision> Decisions) Explain(string name)
    {
        lock (_gate)
        {
            var entry = _entries.GetValueOrDefault(name) ?? throw new FleetException(FleetError.NotFound, $"autoscaler {WorkloadKeys.Describe(name)} not found");
            var decisions = entry.History.Reverse().ToList();
            if (entry.Last is { } last && (decisions.Count == 0 || !ReferenceEquals(decisions[0], last)))
            {
                decisions.Insert(0, last);
            }

            return (StatusLocked(entry), decisions);
        }
    }

    /// <summary>One pass over every autoscaler; returns how many workloads it rescaled.</summary>
    public int Sync()
    {
        var now = _time.GetUtcNow();
        var rescaled = 0;
        lock (_gate)
        {
            _passes++;
            foreach (var (name, entry) in _entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (SyncLocked(name, entry, now))
                {
                    rescaled++;
                }
            }
        }

        return rescaled;
    }

    /// <summary>The loop's figures for /metrics, in Prometheus text.</summary>
    public string Render()
    {
        var p = new PrometheusText();
        Render(p);
        return p.ToString();
    }

    /// <summary>The loop's figures for /metrics.</summary>
    public void Render(PrometheusText p)
    {
        ArgumentNullException.ThrowIfNull(p);
        lock (_gate)
        {
            p.Metric("edge_autoscaler_passes_total", "counter", "Passes of the workload autoscaler loop.", _passes)
                .Metric("edge_autoscaler_rescales_total", "counter", "Replica count changes the autoscalers made.", _scaledUp, ("direction", "up"))
                .Metric("edge_autoscaler_rescales_total", "counter", "Replica count changes the autoscalers made.", _scaledDown, ("direction", "down"))
                .Metric("edge_autoscaler_failed_rescales_total", "counter", "Replica count changes the fleet refused.", _failedRescales);
            foreach (var e in _entries.Values.OrderBy(e => e.Record.Id, StringComparer.Ordinal))
            {
                var labels = new[] { ("autoscaler", e.Record.Id), ("workload", e.Record.Workload), ("tenant", e.Record.Tenant) };
                p.Metric("edge_autoscaler_min_replicas", "gauge", "The autoscaler's minReplicas.", e.Record.MinReplicas, labels)
                    .Metric("edge_autoscaler_max_replicas", "gauge", "The autoscaler's maxReplicas.", e.Record.MaxReplicas, labels);
                if (e.Last is not { } last)
                {
                    continue;
                }

                p.Metric("edge_autoscaler_current_replicas", "gauge", "The workload's replica count at the last pass.", last.Decision.CurrentReplicas, labels)
                    .Metric("edge_autoscaler_desired_replicas", "gauge", "The count the last pass decided.", last.Decision.DesiredReplicas, labels);
                foreach (var m in last.Decision.Metrics.Where(m => m.Ratio is not null))
                {
                    p.Metric("edge_autoscaler_metric_ratio", "gauge", "A metric's usage over its target at the last pass (1 = on target).", m.Ratio!.Value, [.. labels, ("metric", m.Metric.Name)]);
                }

                foreach (var c in last.Decision.Conditions)
                {
                    p.Metric("edge_autoscaler_condition", "gauge", "The last pass's conditions (1 = true).", c.Status ? 1 : 0, [.. labels, ("condition", c.Type.ToString()), ("reason", c.Reason)]);
                }
            }
        }
    }

    /// <returns>Whether the workload was rescaled.</returns>
    private bool SyncLocked(string name, AutoscalerEntry entry, DateTimeOffset now)
    {
        var workload = entry.Record.Workload;
        var target = _fleet.AutoscaleTargetOf(workload);
        var problem = target is null ? $"workload \"{workload}\" not found"
            : target.Tenant != entry.Record.Tenant ? $"workload \"{workload}\" now belongs to tenant \"{target.Tenant}\", not \"{entry.Record.Tenant}\""
            : target.Mode != PlacementMode.Replicated ? $"workload \"{workload}\" is global and cannot be autoscaled"
            : null;
        if (problem is not null || target is null)
        {
            LogCannotScale(name, problem ?? "");
            _fleet.Events.CannotScale(name, problem ?? "");
            Keep(entry, new RecordedDecision(now, CannotScale(entry, target?.CurrentReplicas ?? 0, problem ?? ""), false, [$"FailedGetScale: {problem}"]));
            return false;
        }

        var observed = WorkloadMetricSource.Read(target, _series, _options.MetricWindow, now, entry.Spec);
        var decision = WorkloadAutoscaler.Decide(entry.Spec, observed, entry.State, target.Quota, now);
        if (!decision.Rescale)
        {
            entry.State = decision.State;
            Keep(entry, new RecordedDecision(now, decision, false, decision.Events));
            return false;
        }

        try
        {
            _fleet.ScaleWorkload(workload, decision.DesiredReplicas);
        }
        catch (FleetException ex)
        {
            // horizontal.go stores a scale event only once the scale succeeded.
            _failedRescales++;
            entry.State = decision.State with { ScaleUpEvents = entry.State.ScaleUpEvents, ScaleDownEvents = entry.State.ScaleDownEvents };
            LogRescaleFailed(name, workload, decision.DesiredReplicas, ex.Message);
            _fleet.Events.RescaleFailed(name, workload, decision.DesiredReplicas, ex.Message);
            var failed = decision with
            {
                Conditions = [new AutoscalerCondition(ConditionType.AbleToScale, false, "FailedUpdateScale", $"the HPA controller was unable to update the target scale: {ex.Message}"),
                    .. decision.Conditions.Where(c => c.Type != ConditionType.AbleToScale)],
            };
            Keep(entry, new RecordedDecision(now, failed, false, [.. decision.Events, $"FailedRescale: New size: {decision.DesiredReplicas}; error: {ex.Message}"]));
            return false;
        }

        entry.State = decision.State;
        entry.LastScale = now;
        if (decision.DesiredReplicas > decision.CurrentReplicas)
        {
            _scaledUp++;
        }
        else
        {
            _scaledDown++;
        }

        LogRescaled(name, workload, decision.CurrentReplicas, decision.DesiredReplicas, decision.Reason);
        _fleet.Events.Rescaled(name, workload, decision.CurrentReplicas, decision.DesiredReplicas, decision.Reason);
        Keep(entry, new RecordedDecision(now, decision, true, decision.Events));
        return true;
    }

    /// <summary>Keeps the pass as the latest, and in the history when it scaled or its reason changed.</summary>
    private void Keep(AutoscalerEntry entry, RecordedDecision pass)
    {
        entry.Last = pass;
        var previous = entry.History.Last?.Value;
        if (!pass.Applied && previous is not null && previous.Reason == pass.Reason
            && previous.Decision.CurrentReplicas == pass.Decision.CurrentReplicas && previous.Decision.DesiredReplicas == pass.Decision.DesiredReplicas)
        {
            return;
        }

        if (!pass.Applied)
        {
            LogHeld(entry.Record.Id, entry.Record.Workload, pass.Decision.CurrentReplicas, pass.Reason);
        }

        entry.History.AddLast(pass);
        while (entry.History.Count > _options.DecisionHistory)
        {
            entry.History.RemoveFirst();
        }
    }

    private static AutoscalerDecision CannotScale(AutoscalerEntry entry, int current, string problem) => new()
    {
        Workload = entry.Record.Workload,
        CurrentReplicas = current,
        DesiredReplicas = current,
        MetricReplicas = current,
        Metrics = [],
        Conditions = [new AutoscalerCondition(ConditionType.AbleToScale, false, "FailedGetScale", problem)],
        Events = [$"FailedGetScale: {problem}"],
        State = entry.State,
    };

    private static AutoscalerStatus StatusLocked(AutoscalerEntry entry) => new(entry.Record, entry.Last, entry.LastScale);
}
