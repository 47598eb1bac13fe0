using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Controller.Fleet;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>
/// One pass of the node autoscaler at a time (<see cref="RunOnce"/>, driven by
/// <see cref="NodeAutoscalerService"/>): collects what the providers finished, copies the fleet,
/// notices requested nodes that registered, moves removals on, runs the pure
/// <see cref="NodeAutoscaler"/> outside the fleet lock and applies its decision. A node to
/// remove is tainted <see cref="ToBeDeletedTaint"/> (Cluster Autoscaler's ToBeDeleted) and
/// drained through the fleet's own lifecycle; only a drained node is handed to the provider.
/// What it concluded, with reasons, is kept for explain. One caller runs passes; any thread reads.
/// </summary>
internal sealed partial class NodeAutoscalerLoop : IDisposable
{
    public const string ToBeDeletedTaint = "edge.io/to-be-deleted";

    private readonly FleetState _fleet;
    private readonly NodeGroupCatalog _catalog;
    private readonly NodeAutoscalingOptions _options;
    private readonly NodeAutoscalerOptions _decisionOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeAutoscalerLoop> _logger;
    private readonly Dictionary<string, INodeGroupProvider> _providers;
    private readonly Random _random;

    /// <summary>Guards what admin reads see: state, removals, verdicts, notes, history.</summary>
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeRemoval> _removals = new(StringComparer.Ordinal);
    private readonly LinkedList<NodeAutoscalerEvent> _history = [];
    private NodeAutoscalerState _state = NodeAutoscalerState.Empty;
    private Dictionary<string, NodeScaleDownStatus> _verdicts = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _notes = [];
    private DateTimeOffset? _lastPass;

    /// <summary>Group nodes Ready at the end of the last pass (loop-owned).</summary>
    private HashSet<string> _readyBefore = new(StringComparer.Ordinal);
    private bool _started;

    public NodeAutoscalerLoop(
        FleetState fleet,
        NodeGroupCatalog catalog,
        IOptions<NodeAutoscalingOptions> options,
        TimeProvider time,
        ILoggerFactory loggers)
        : this(fleet, catalog, options, time, loggers, null, new Random())
    {
    }

    /// <param name="fleet">The fleet.</param>
    /// <param name="catalog">The node groups.</param>
    /// <param name="options">The loop's settings and its providers.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Loggers for the loop and its exec providers.</param>
    /// <param name="providers">Providers by name instead of those the options describe (tests).</param>
    /// <param name="random">The random expander's source.</param>
    internal NodeAutoscalerLoop(
        FleetState fleet,
        NodeGroupCatalog catalog,
        IOptions<NodeAutoscalingOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        IReadOnlyDictionary<string, INodeGroupProvider>? providers,
        Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _fleet = fleet;
        _catalog = catalog;
        _options = options.Value;
        _decisionOptions = _options.ToDecisionOptions();
        _time = time;
        _logger = loggers.CreateLogger<NodeAutoscalerLoop>();
        _random = random;
        _providers = providers is not null
            ? new Dictionary<string, INodeGroupProvider>(providers, StringComparer.Ordinal)
            : _options.Providers.ToDictionary(kv => kv.Key, kv => CreateProvider(kv.Value, loggers), StringComparer.Ordinal);
    }

    public NodeAutoscalingOptions Options => _options;

    /// <summary>One pass; safe to call again at once (a pass with nothing new changes nothing).</summary>
    public void RunOnce()
    {
        var now = _time.GetUtcNow();
        if (!_started)
        {
            ReleaseLeftovers(now);
            _started = true;
        }

        var groups = _catalog.List().Where(g => _providers.ContainsKey(g.Provider))
            .ToDictionary(g => g.Id, g => (Record: g, Group: NodeGroupCatalog.ToDomain(g)), StringComparer.Ordinal);
        foreach (var provider in _providers.Values)
        {
            foreach (var e in provider.Poll(now))
            {
                Handle(e, now);
            }
        }

        var snapshot = _fleet.SnapshotForNodeAutoscaling();
        NoticeRegistrations(snapshot, groups.Keys, now);
        AdvanceRemovals(now, groups);

        HashSet<string> removing;
        NodeAutoscalerState state;
        lock (_gate)
        {
            removing = [.. _removals.Keys];
            state = _state;
        }

        var input = new NodeAutoscalerInput
        {
            Cache = snapshot.ToCache(removing),
            Groups = [.. groups.Values.Select(g => g.Group)],
            Pending = snapshot.Pending,
            Workloads = snapshot.Workloads,
        };
        var decision = NodeAutoscaler.Decide(input, state, _decisionOptions, now, _random);
        state = decision.State;
        foreach (var action in decision.ScaleUps)
        {
            var (record, group) = groups[action.Group];
            var refusal = _providers[record.Provider].IncreaseSize(group, action.Nodes, now);
            if (refusal is null)
            {
                Record(now, "scale-up", action.Group, "", Invariant($"asked provider {record.Provider} for {action.Nodes} node(s): {action.Reason}"));
                LogScaleUp(action.Group, action.Nodes, action.Reason);
            }
            else
            {
                state = state.ScaleUpFailed(action.Group, refusal, now, _decisionOptions);
                Record(now, "scale-up-failed", action.Group, "", $"provider {record.Provider} refused {action.Nodes} node(s): {refusal}; backing off until {Clock(state.Backoff[action.Group].Until)}");
                LogScaleUpFailed(action.Group, refusal);
            }
        }

        var cordoned = snapshot.Nodes.Where(n => n.Cordoned).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var verdicts = new List<NodeScaleDownStatus>();
        var starts = new List<NodeVerdict>();
        foreach (var v in decision.Nodes)
        {
            if (v.Remove && cordoned.Contains(v.Node))
            {
                verdicts.Add(new NodeScaleDownStatus(v.Node, v.Group, false, "cordoned by an admin: the node autoscaler leaves it alone (" + v.Reason + ")", now));
                continue;
            }

            verdicts.Add(new NodeScaleDownStatus(v.Node, v.Group, v.Remove, v.Reason, now));
            if (v.Remove)
            {
                starts.Add(v);
            }
        }

        lock (_gate)
        {
            _state = state;
            // A note repeated with new figures ("last scale-up 0.4 min ago", then 0.5) is not news.
            var seen = _notes.Select(Shape).ToHashSet(StringComparer.Ordinal);
            foreach (var note in decision.Notes.Where(n => !seen.Contains(Shape(n))))
            {
                RecordLocked(new NodeAutoscalerEvent(now, "note", GroupOf(note, groups.Keys), "", note));
            }

            _notes = decision.Notes;
            _lastPass = now;
            // A pass that skipped scale-down (cool-down, a scale-up, requested nodes on their way)
            // keeps the last verdicts; its notes say why nothing was looked at.
            _verdicts = verdicts.Count > 0
                ? verdicts.ToDictionary(v => v.Node, StringComparer.Ordinal)
                : _verdicts.Values.Where(v => snapshot.Nodes.Any(n => n.Name == v.Node)).ToDictionary(v => v.Node, StringComparer.Ordinal);
        }

        foreach (var v in starts)
        {
            StartRemoval(v, groups[v.Group!].Record.Provider, now);
        }

        // A node emptied at once goes to its provider in this same pass, not the next.
        if (starts.Count > 0)
        {
            AdvanceRemovals(now, groups);
        }
    }

    /// <summary>Every group with its counts now, in name order.</summary>
    public IReadOnlyList<NodeGroupStatus> ListGroups()
    {
        var counts = _fleet.CountNodesByLabel(NodeGroup.Label);
        return [.. _catalog.List().Select(g => StatusOf(g, counts))];
    }

    public NodeGroupStatus GetGroup(string name) =>
        StatusOf(_catalog.Get(name) ?? throw new FleetException(FleetError.NotFound, $"node group \"{name}\" not found"), _fleet.CountNodesByLabel(NodeGroup.Label));

    public NodeGroupStatus ApplyGroup(Store.NodeGroupRecord group)
    {
        var (stored, changed) = _catalog.Apply(group);
        return StatusOf(stored, _fleet.CountNodesByLabel(NodeGroup.Label)) with { Changed = changed };
    }

    /// <summary>Forgets a group (its nodes stay); refused while the autoscaler is removing one of its nodes.</summary>
    public NodeGroupStatus DeleteGroup(string name)
    {
        var status = GetGroup(name);
        lock (_gate)
        {
            var busy = _removals.Values.Where(r => r.Group == name).Select(r => $"{r.Node} ({r.Phase})").ToList();
            if (busy.Count > 0)
            {
                throw new FleetException(FleetError.Precondition, $"node group {name} is removing {string.Join(", ", busy)}; delete it when that is done");
            }

            _catalog.Delete(name);
            _state = _state with { Upcoming = [.. _state.Upcoming.Where(u => u.Group != name)] };
            RecordLocked(new NodeAutoscalerEvent(_time.GetUtcNow(), "note", name, "", $"node group {name} deleted; its {status.Nodes} node(s) stay, in no group"));
        }

        return status;
    }

    public NodeGroupExplanation ExplainGroup(string name)
    {
        var status = GetGroup(name);
        lock (_gate)
        {
            return new NodeGroupExplanation(
                status,
                [.. _verdicts.Values.Where(v => v.Group == name).OrderBy(v => v.Node, StringComparer.Ordinal)],
                [.. _notes],
                _lastPass,
                [.. _history.Where(e => e.Group == name || (e.Group.Length == 0 && e.Kind == "note"))]);
        }
    }

    /// <summary>Why a node was or was not removed; NotFound when the fleet has no such node and the history never saw it.</summary>
    public NodeScaleDownExplanation ExplainNode(string name)
    {
        var node = _fleet.GetNode(name);
        lock (_gate)
        {
            var events = _history.Where(e => e.Node == name).ToList();
            if (node is null && events.Count == 0)
            {
                throw new FleetException(FleetError.NotFound, $"node \"{name}\" not found");
            }

            var group = node?.Facts.Labels.GetValueOrDefault(NodeGroup.Label) ?? events.LastOrDefault()?.Group;
            return new NodeScaleDownExplanation(name, node is not null, group, _verdicts.GetValueOrDefault(name), _removals.GetValueOrDefault(name), [.. _notes], _lastPass, events);
        }
    }

    public void Dispose()
    {
        foreach (var provider in _providers.Values.OfType<IDisposable>())
        {
            provider.Dispose();
        }
    }

    private static INodeGroupProvider CreateProvider(NodeGroupProviderOptions options, ILoggerFactory loggers) => options.Type switch
    {
        NodeGroupProviderOptions.Simulated => new SimulatedNodeGroupProvider(options.Delay, options.FailureRate, new Random()),
        _ => new ExecNodeGroupProvider(
            new ExecProviderOptions { Command = options.Command, Arguments = [.. options.Arguments], Timeout = options.Timeout },
            loggers.CreateLogger<ExecNodeGroupProvider>()),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A note with its figures blanked, to tell a new note from the same one with new numbers.</summary>
    private static string Shape(string note) => Figures().Replace(note, "#");

    [GeneratedRegex(@"[0-9]+(\.[0-9]+)?")]
    private static partial Regex Figures();

    private static string Clock(DateTimeOffset at) => at.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The group a decision note is about ("group pi: …", "pi: …"), or empty for the fleet.</summary>
    private static string GroupOf(string note, IEnumerable<string> groups) =>
        groups.FirstOrDefault(g => note.StartsWith($"group {g}:", StringComparison.Ordinal)) ?? "";

    private NodeGroupStatus StatusOf(Store.NodeGroupRecord group, IReadOnlyDictionary<string, (int Nodes, int Ready)> counts)
    {
        var (nodes, ready) = counts.GetValueOrDefault(group.Id);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return new NodeGroupStatus(group, _catalog.ProviderType(group) ?? "missing")
            {
                Nodes = nodes,
                Ready = ready,
                Upcoming = _state.Upcoming.Count(u => u.Group == group.Id),
                Removing = _removals.Values.Count(r => r.Group == group.Id),
                Backoff = _state.Backoff.TryGetValue(group.Id, out var backoff) && backoff.Until > now ? backoff : null,
            };
        }
    }
}
