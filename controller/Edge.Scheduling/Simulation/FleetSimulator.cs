using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Scheduling.Autoscaling;

namespace Edge.Scheduling.Simulation;

/// <summary>
/// Replays a <see cref="FleetScenario"/> in simulated time with the real decision code: each
/// step polls the simulated provider, runs the workload autoscaler for every autoscaled
/// workload, places and removes replicas with <see cref="PlacementEngine"/>, then runs the node
/// autoscaler for what fits nowhere and acts on its decision. Deterministic for a given seed.
/// </summary>
public sealed partial class FleetSimulator
{
    private readonly FleetScenario _scenario;
    private readonly ClusterCache _cache = new();
    private readonly PlacementEngine _engine;
    private readonly SimulatedNodeGroupProvider _provider;
    private readonly Random _random;
    private readonly Dictionary<string, PlacementWorkload> _specs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AutoscalerState> _hpaStates = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Workload, int Ordinal), DateTimeOffset> _startedAt = [];
    private HashSet<string> _notedLastStep = new(StringComparer.Ordinal);
    private HashSet<string> _notedThisStep = new(StringComparer.Ordinal);
    private readonly List<SimulationEvent> _events = [];
    private readonly Dictionary<string, NodeGroup> _groups;
    private NodeAutoscalerState _nodeState = NodeAutoscalerState.Empty;

    public FleetSimulator(FleetScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _engine = new PlacementEngine(_cache);
        _random = new Random(scenario.Seed);
        _provider = new SimulatedNodeGroupProvider(scenario.ProviderDelay, scenario.ProviderFailureRate, new Random(scenario.Seed + 1), scenario.GroupFailureRates);
        _groups = scenario.NodeGroups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        foreach (var node in scenario.Nodes)
        {
            _cache.UpsertNode(node);
        }

        foreach (var w in scenario.Workloads)
        {
            _specs[w.Spec.Name] = w.Spec;
            _hpaStates[w.Spec.Name] = AutoscalerState.Empty;
        }
    }

    public SimulationResult Run()
    {
        var steps = 0;

        // The starting replicas are already running when the scenario begins.
        Place(_scenario.Start - _scenario.ReplicaStartup);
        for (var at = TimeSpan.Zero; at <= _scenario.Duration; at += _scenario.Step)
        {
            Step(_scenario.Start + at, at);
            (_notedLastStep, _notedThisStep) = (_notedThisStep, _notedLastStep);
            _notedThisStep.Clear();
            steps++;
        }

        var end = _scenario.Start + _scenario.Duration;
        var running = _specs.Keys.ToDictionary(n => n, n => _cache.AssignmentsOf(n).Count(a => Ready(a, end)), StringComparer.Ordinal);
        return new SimulationResult(
            _events,
            _specs.ToDictionary(kv => kv.Key, kv => kv.Value.Replicas, StringComparer.Ordinal),
            running,
            _cache.NodeCount,
            steps);
    }

    private void Step(DateTimeOffset now, TimeSpan at)
    {
        foreach (var e in _provider.Poll(now))
        {
            OnProviderEvent(e, at);
        }

        foreach (var w in _scenario.Workloads.Where(w => w.Autoscaler is not null).OrderBy(w => w.Spec.Name, StringComparer.Ordinal))
        {
            Autoscale(w.Autoscaler!, now, at);
        }

        Place(now);
        ScaleNodes(now, at);
    }

    private void OnProviderEvent(ProviderEvent e, TimeSpan at)
    {
        switch (e.Kind)
        {
            case ProviderEventKind.NodeReady:
                _cache.UpsertNode(e.Node!);
                _nodeState = _nodeState.NodeRegistered(e.Group);
                Add(at, "node/" + e.Node!.Name, "node-ready", null, null, $"requested from node group {e.Group}: {e.Message}");
                break;
            case ProviderEventKind.ScaleUpFailed:
                _nodeState = _nodeState.ScaleUpFailed(e.Group, e.Message, _scenario.Start + at, _scenario.NodeAutoscaler);
                var backoff = _nodeState.Backoff[e.Group];
                Add(at, "nodegroup/" + e.Group, "node-failed", null, null, Invariant($"{e.Message}; failure {backoff.Failures} in a row, backing off for {(backoff.Until - (_scenario.Start + at)).TotalMinutes:0.#} min"));
                break;
            default:
                break;
        }
    }

    private void Autoscale(AutoscalerSpec autoscaler, DateTimeOffset now, TimeSpan at)
    {
        var spec = _specs[autoscaler.Workload];
        var observed = Observe(spec, now);
        var decision = WorkloadAutoscaler.Decide(autoscaler, observed, _hpaStates[spec.Name], Headroom(spec), now);
        _hpaStates[spec.Name] = decision.State;
        var obj = "workload/" + spec.Name;
        if (decision.Rescale)
        {
            _specs[spec.Name] = spec with { Replicas = decision.DesiredReplicas };
            var action = decision.CurrentReplicas == 0 ? "wake" : decision.DesiredReplicas > decision.CurrentReplicas ? "scale-up" : "scale-down";
            var limited = decision.Conditions.FirstOrDefault(c => c.Type == ConditionType.ScalingLimited && c.Status);
            var metric = decision.Metrics.Where(m => m.Valid && m.Replicas == decision.MetricReplicas).Select(m => m.ToString()).FirstOrDefault();
            var reason = string.Join("; ", new[] { metric, limited is null ? null : $"{limited.Reason}: {limited.Message}" }.Where(s => s is not null));
            Add(at, obj, action, decision.CurrentReplicas, decision.DesiredReplicas, reason.Length == 0 ? decision.Reason : reason);
        }
        else if (decision.Conditions.Any(c => (c.Type == ConditionType.ScalingLimited && c.Status) || (c.Type == ConditionType.ScalingActive && !c.Status)
                     || c.Reason is "ScaleDownStabilized" or "ScaleUpStabilized"))
        {
            var held = decision.Conditions.First(c => (c.Type == ConditionType.ScalingLimited && c.Status) || (c.Type == ConditionType.ScalingActive && !c.Status)
                || c.Reason is "ScaleDownStabilized" or "ScaleUpStabilized");
            Note(at, obj, "hold", decision.CurrentReplicas, $"{held.Reason}: {held.Message} (metrics ask for {decision.MetricReplicas})");
        }
    }

    /// <summary>Spreads each metric's current total over the ready replicas, as telemetry would report them.</summary>
    private WorkloadMetrics Observe(PlacementWorkload spec, DateTimeOffset now)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        var offset = now - _scenario.Start;
        foreach (var point in _scenario.Timeline.Where(p => p.Workload == spec.Name && p.At <= offset).OrderBy(p => p.At))
        {
            totals[point.Metric] = point.Value;
        }

        var assigned = _cache.AssignmentsOf(spec.Name);
        var ready = assigned.Count(a => Ready(a, now));
        var replicas = new List<ReplicaSample>(spec.Replicas);
        foreach (var a in assigned)
        {
            var isReady = Ready(a, now);
            var values = isReady ? totals.ToDictionary(kv => kv.Key, kv => kv.Value / ready, StringComparer.Ordinal) : new Dictionary<string, double>(StringComparer.Ordinal);
            replicas.Add(new ReplicaSample(Invariant($"{spec.Name}#{a.Ordinal}"), isReady, values));
        }

        for (var i = assigned.Count; i < spec.Replicas; i++)
        {
            replicas.Add(new ReplicaSample(Invariant($"{spec.Name}#pending-{i}"), false, new Dictionary<string, double>()));
        }

        return new WorkloadMetrics
        {
            CurrentReplicas = spec.Replicas,
            Requests = spec.Requests,
            Replicas = replicas,
            External = totals,
            PendingInvocations = (long)Math.Ceiling(totals.GetValueOrDefault(FleetScenario.InvocationsMetric)),
        };
    }

    private QuotaHeadroom Headroom(PlacementWorkload spec)
    {
        var quota = _scenario.Quotas.FirstOrDefault(q => q.Tenant == spec.Tenant);
        var tenant = _specs.Values.Where(w => w.Tenant == spec.Tenant).ToList();
        var used = tenant.Aggregate(default(ResourceAmount), (sum, w) => sum + w.RequestsFor(w.Replicas));
        return QuotaHeadroom.From(quota, used, tenant.Sum(w => w.Replicas));
    }

    private void Place(DateTimeOffset now)
    {
        foreach (var spec in _specs.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            foreach (var surplus in _engine.Surplus(spec))
            {
                _cache.Unassign(surplus.Workload, surplus.Ordinal);
                _startedAt.Remove((surplus.Workload, surplus.Ordinal));
            }
        }

        foreach (var placement in _engine.ReconcileAll(_specs.Values))
        {
            foreach (var replica in placement.Replicas.Where(r => r.Placed))
            {
                _startedAt[(replica.Workload, replica.Ordinal)] = now;
            }
        }
    }

    private void ScaleNodes(DateTimeOffset now, TimeSpan at)
    {
        var pending = _specs.Values
            .Select(s => new PendingReplicas(s, s.Replicas - _cache.ReplicaCount(s.Name)))
            .Where(p => p.Count > 0)
            .ToList();
        var input = new NodeAutoscalerInput { Cache = _cache, Groups = _scenario.NodeGroups, Pending = pending, Workloads = _specs };
        var decision = NodeAutoscaler.Decide(input, _nodeState, _scenario.NodeAutoscaler, now, _random);
        _nodeState = decision.State;
        foreach (var note in decision.Notes)
        {
            Note(at, "fleet", "note", null, note);
        }

        foreach (var up in decision.ScaleUps)
        {
            var group = _groups[up.Group];
            var size = _cache.Nodes.Count(n => n.Labels.TryGetValue(NodeGroup.Label, out var g) && g == up.Group);
            var error = _provider.IncreaseSize(group, up.Nodes, now);
            if (error is not null)
            {
                _nodeState = _nodeState.ScaleUpFailed(up.Group, error, now, _scenario.NodeAutoscaler);
            }

            Add(at, "nodegroup/" + up.Group, "request-nodes", size, size + up.Nodes, error is null ? up.Reason : $"provider refused: {error}");
        }

        var removed = false;
        foreach (var verdict in decision.Nodes)
        {
            if (verdict.Remove)
            {
                _provider.DeleteNode(_groups[verdict.Group!], verdict.Node, now);
                foreach (var replica in _cache.RemoveNode(verdict.Node))
                {
                    _startedAt.Remove((replica.Workload, replica.Ordinal));
                }

                Add(at, "node/" + verdict.Node, "remove-node", null, null, verdict.Reason);
                removed = true;
            }
            else if (verdict.Group is not null && (!verdict.Reason.StartsWith("utilization", StringComparison.Ordinal) || verdict.Reason.Contains(", but ", StringComparison.Ordinal)))
            {
                Note(at, "node/" + verdict.Node, "keep-node", null, verdict.Reason);
            }
        }

        if (removed)
        {
            Place(now);
        }
    }

    private bool Ready((string Workload, int Ordinal) key, DateTimeOffset now) =>
        _startedAt.TryGetValue(key, out var started) && now - started >= _scenario.ReplicaStartup;

    private bool Ready(ReplicaAssignment a, DateTimeOffset now) => Ready((a.Workload, a.Ordinal), now);

    /// <summary>Adds an observation only when the step before did not make it too (numbers aside).</summary>
    private void Note(TimeSpan at, string obj, string action, int? replicas, string reason)
    {
        var key = obj + " " + action + " " + Digits().Replace(reason, "#");
        _notedThisStep.Add(key);
        if (!_notedLastStep.Contains(key))
        {
            Add(at, obj, action, replicas, replicas, reason);
        }
    }

    private void Add(TimeSpan at, string obj, string action, int? from, int? to, string reason) =>
        _events.Add(new SimulationEvent(at, obj, action, from, to, reason));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("[0-9]+(\\.[0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}
