using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Edge.Controller.Events;
using Edge.Controller.Hosting;
using Edge.Controller.Store;
using Edge.Scheduling;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Fleet;

/// <summary>
/// The controller's hot view of the fleet: nodes, their sessions, heartbeats,
/// observed workloads and last telemetry, rebuilt from the store and from the
/// agents' hellos after a restart. Placement decisions come from Edge.Scheduling
/// over a <see cref="ClusterCache"/> kept current node by node; the store is
/// written only when something that must survive changes.
/// </summary>
internal sealed partial class FleetState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeEntry> _nodes = new(StringComparer.Ordinal);

    /// <summary>The same nodes, for lookups outside <c>_gate</c> (telemetry); written under it.</summary>
    private readonly ConcurrentDictionary<string, NodeEntry> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadRecord> _workloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (WorkloadRecord Record, string Text)> _hashText = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlacementWorkload> _specs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TenantRecord> _tenants = new(StringComparer.Ordinal);
    private readonly ClusterCache _cache = new();
    private readonly PlacementEngine _engine;
    private readonly IFleetStore _store;
    private readonly TimeProvider _time;
    private readonly ControllerOptions _options;
    private readonly ILogger<FleetState> _logger;
    private readonly DateTimeOffset _startedAt;
    private List<WorkloadRecord>? _lastPlaced;
    private string _lastHash = "";

    /// <summary>Where the fleet's decisions are told as events (edgectl get events).</summary>
    public EventLog Events { get; }

    /// <summary>The numbered revisions of each workload's template (edgectl rollout history|undo).</summary>
    public Rollouts.WorkloadRevisions Revisions { get; }

    public FleetState(IFleetStore store, TimeProvider time, IOptions<ControllerOptions> options, ILogger<FleetState> logger, Edge.Controller.Events.EventLog? events = null, Rollouts.WorkloadRevisions? revisions = null)
    {
        Events = events ?? Edge.Controller.Events.EventLog.InMemory(time);
        Revisions = revisions ?? Rollouts.WorkloadRevisions.InMemory(time);
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _engine = new PlacementEngine(_cache);
        _startedAt = time.GetUtcNow();
        var versions = store.LoadDesired().ToDictionary(d => d.Node, StringComparer.Ordinal);
        foreach (var record in store.LoadNodes())
        {
            if (versions.TryGetValue(record.Id, out var d) && d.Version > record.DesiredVersion)
            {
                record.DesiredVersion = d.Version;
                record.DesiredHash = d.Hash;
            }

            // Until its agent says hello again, a node known from the store is not known to be
            // alive; its replicas count from now towards lostAfter, not from before the restart.
            var entry = new NodeEntry(record, _startedAt);
            _nodes[record.Id] = entry;
            _live[record.Id] = entry;
            _cache.UpsertNode(entry.ToPlacement(_startedAt));
        }

        foreach (var workload in store.LoadWorkloads())
        {
            LoadWorkloadLocked(workload); // a record that cannot be read is kept, shown failed, and placed nowhere
        }

        foreach (var tenant in store.LoadTenants())
        {
            _tenants[tenant.Id] = tenant;
        }

        var stale = new List<string>();
        foreach (var a in store.LoadAssignments())
        {
            if (_specs.TryGetValue(a.Workload, out var spec) && _nodes.ContainsKey(a.Node) && !_failed.ContainsKey(a.Workload))
            {
                _cache.Assign(a.Workload, a.Ordinal, a.Node, spec.Requests, spec.ExtendedRequests);
            }
            else
            {
                stale.Add(a.Id);
            }
        }

        if (stale.Count > 0)
        {
            store.SaveAssignments([], stale);
        }

        // Every node is Disconnected until its hello: the first lifecycle pass learns when their
        // replicas would count as lost (lostAfter from now) and looks again then.
        _nextCheck = _startedAt;

        LogLoaded(_nodes.Count, _workloads.Count);
    }

    /// <summary>
    /// Registers a node's new stream and returns its session and current desired state, once
    /// that state is stored: the caller sends it as the stream's first message.
    /// </summary>
    public (NodeSession Session, DesiredSnapshot Desired) Connect(
        string name, NodeFactsRecord facts, long appliedVersion, IReadOnlyList<ObservedWorkload> workloads, string peer)
    {
        var now = _time.GetUtcNow();
        var session = new NodeSession(name, peer);
        NodeSession? replaced;
        DesiredSnapshot desired;
        long ticket;
        lock (_gate)
        {
            var added = !_nodes.TryGetValue(name, out var entry);
            if (entry is null)
            {
                // Stored below, with its first desired version.
                entry = new NodeEntry(new NodeRecord { Id = name, Facts = facts, FirstSeen = now }, now);
                _nodes[name] = entry;
                _live[name] = entry;
                LogNodeRegistered(name, facts.Arch, peer);
                Events.NodeRegistered(name, facts.Arch, peer);
            }
            else if (!entry.Record.Facts.SameAs(facts))
            {
                entry.Record.Facts = facts;
                StageNodeLocked(entry);
            }

            replaced = entry.Session;
            entry.Session = null;
            entry.Beat(now, appliedVersion, workloads);
            SetCondition(entry, NodeCondition.Ready, now, "said hello");
            NodeChangedLocked(entry);

            // A wake that happened while the stream was down comes in the hello; answered before
            // the first message, so that message already runs the woken replica.
            WakeLocked(entry, workloads, now);
            UpdateFinishedLocked(entry, workloads);
            desired = RecomputeLocked(entry);
            if (added)
            {
                StageNodeLocked(entry);
            }

            // The snapshot above goes out as the stream's first message; a staged copy of it or of
            // anything older that a commit hands over later is dropped by the session.
            session.Began(desired.Version);
            entry.Session = session;
            ticket = TicketLocked();
        }

        replaced?.Close($"node {name} connected again from {peer}");
        Commit(ticket);
        return (session, desired);
    }

    public void Heartbeat(NodeSession session, long appliedVersion)
    {
        var now = _time.GetUtcNow();
        if (_live.TryGetValue(session.Node, out var ready) && ready.TryBeat(session, now, appliedVersion, null))
        {
            return; // 1,000 a second at 10,000 nodes: a thread blocked on the fleet lock for each would starve the pool
        }

        long ticket = 0;
        lock (_gate)
        {
            if (_nodes.TryGetValue(session.Node, out var entry) && ReferenceEquals(entry.Session, session))
            {
                entry.Beat(now, appliedVersion, null);
                if (SetCondition(entry, NodeCondition.Ready, now, "heartbeat"))
                {
                    NodeChangedLocked(entry);
                    ticket = TicketLocked(); // only then: a plain beat must not wait for someone else's commit
                }
            }
        }

        Commit(ticket);
    }

    public void ReportStatus(NodeSession session, long appliedVersion, IReadOnlyList<ObservedWorkload> workloads)
    {
        var now = _time.GetUtcNow();
        // A report of a woken cold workload needs the fleet (it scales 0 -> 1), and so does one from a
        // node with an answered wake (it may clear it); any other report of a Ready node is a beat.
        if (!workloads.Any(o => o.Woken) && !HasAnsweredWakes(session.Node) && !FinishingChangedLockFree(session.Node, workloads)
            && _live.TryGetValue(session.Node, out var ready) && ready.TryBeat(session, now, appliedVersion, workloads))
        {
            return; // every node reports right after an apply: none of them may wait on the fleet lock
        }

        long ticket = 0;
        lock (_gate)
        {
            if (_nodes.TryGetValue(session.Node, out var entry) && ReferenceEquals(entry.Session, session))
            {
                entry.Beat(now, appliedVersion, workloads);
                if (SetCondition(entry, NodeCondition.Ready, now, "status report"))
                {
                    NodeChangedLocked(entry);
                    ticket = TicketLocked(); // only then: a plain beat must not wait for someone else's commit
                }

                if (WakeLocked(entry, workloads, now) | UpdateFinishedLocked(entry, workloads))
                {
                    ticket = TicketLocked();
                }
            }
        }

        Commit(ticket);
    }

    /// <summary>The stream ended. The node stays as it is until its lease runs out.</summary>
    public void Disconnect(NodeSession session)
    {
        lock (_gate)
        {
            if (_nodes.TryGetValue(session.Node, out var entry) && ReferenceEquals(entry.Session, session))
            {
                entry.Session = null;
            }
        }
    }

    /// <summary>Marks nodes whose lease ran out Disconnected; returns how many changed.</summary>
    public int CheckLeases()
    {
        var now = _time.GetUtcNow();
        var changed = 0;
        long ticket;
        lock (_gate)
        {
            foreach (var entry in _nodes.Values)
            {
                // Under the entry's lock, so a heartbeat taking the lock-free path cannot land between the check and the change.
                lock (entry.Sync)
                {
                    if (entry.Condition == NodeCondition.Ready && entry.LastHeartbeat is { } last
                        && NodeLease.ConditionAt(last, now, _options.NodeGracePeriod) == NodeCondition.Disconnected)
                    {
                        SetCondition(entry, NodeCondition.Disconnected, now, $"no heartbeat for {(now - last).TotalSeconds:0.#} s (grace {_options.NodeGracePeriod.TotalSeconds:0.#} s)");
                        _cache.UpsertNode(entry.ToPlacement(_startedAt));
                        changed++;
                    }
                }
            }

            if (changed > 0)
            {
                // Nothing moves yet (the replicas wait for lostAfter); this learns when to look again.
                ReconcileAllLocked(now);
                FlushLocked();
            }

            ticket = TicketLocked();
        }

        Commit(ticket);
        return changed;
    }

    /// <summary>
    /// Records a telemetry sample. Sequence numbers only grow within a node's
    /// telemetry stream (across agent restarts too), so one not above the last of
    /// its stream is a redelivery, whatever its clock says; a new stream (the
    /// agent's state file was replaced) starts again.
    /// </summary>
    public TelemetryRecordResult RecordTelemetry(string node, NodeTelemetrySample sample)
    {
        // Off the fleet lock: 1,000 samples a second at 10,000 nodes must not queue behind an apply.
        if (!_live.TryGetValue(node, out var entry))
        {
            return TelemetryRecordResult.UnknownNode;
        }

        entry.Health.TelemetryArrived(_time.GetUtcNow());
        return entry.TryRecordTelemetry(sample) ? TelemetryRecordResult.Accepted : TelemetryRecordResult.Duplicate;
    }

    public IReadOnlyList<NodeView> ListNodes()
    {
        lock (_gate)
        {
            return [.. _nodes.Values.OrderBy(n => n.Record.Id, StringComparer.Ordinal).Select(ViewLocked)];
        }
    }

    public NodeView? GetNode(string name)
    {
        lock (_gate)
        {
            return _nodes.TryGetValue(name, out var entry) ? ViewLocked(entry) : null;
        }
    }

    /// <summary>Requested over allocatable per node and for the fleet.</summary>
    public UtilizationReport Utilization()
    {
        lock (_gate)
        {
            return _cache.Utilization();
        }
    }

    private NodeView ViewLocked(NodeEntry entry) =>
        WithHealth(entry, entry.ToView(_cache.RequestedOn(entry.Record.Id), _cache.AssignmentsOn(entry.Record.Id).Count) with
        {
            ExtendedRequested = new Dictionary<string, long>(_cache.ExtendedRequestedOn(entry.Record.Id), StringComparer.Ordinal),
        });

    /// <returns>Whether the condition changed.</returns>
    private bool SetCondition(NodeEntry entry, NodeCondition condition, DateTimeOffset now, string reason)
    {
        if (entry.Condition == condition)
        {
            return false;
        }

        LogConditionChanged(entry.Record.Id, entry.Condition, condition, reason);
        Events.NodeCondition(entry.Record.Id, condition, reason);
        lock (entry.Sync)
        {
            entry.Condition = condition;
            entry.ConditionSince = now;
        }

        return true;
    }

    /// <summary>
    /// The workloads with a replica on the node; on a real change bumps its version and stages
    /// the record and the snapshot for the next commit (stored first, then sent).
    /// </summary>
    private DesiredSnapshot RecomputeLocked(NodeEntry entry)
    {
        var names = _cache.WorkloadsOn(entry.Record.Id);
        var placed = new List<WorkloadRecord>(names.Count);
        foreach (var name in names)
        {
            placed.Add(_workloads[name]);
        }

        var cold = AddColdLocked(entry.Record.Id, placed);
        string hash;
        if (cold.Count > 0)
        {
            // Cold workloads (scaled to zero) are rare: such a node's list is its own.
            hash = ColdHash(HashOf(placed), cold);
        }
        else if (_lastPlaced is { } last && last.Count == placed.Count && last.Zip(placed).All(p => ReferenceEquals(p.First, p.Second)))
        {
            // A flush after a global change recomputes thousands of nodes holding the same records:
            // hash them once, and let their snapshots share one list.
            placed = last;
            hash = _lastHash;
        }
        else
        {
            hash = HashOf(placed);
            (_lastPlaced, _lastHash) = (placed, hash);
        }

        var snapshot = new DesiredSnapshot(entry.Record.DesiredVersion, placed) { Cold = cold };
        if (hash != entry.Record.DesiredHash)
        {
            entry.Record.DesiredVersion++;
            entry.Record.DesiredHash = hash;
            LogDesiredChanged(entry.Record.Id, entry.Record.DesiredVersion, placed.Count);
            snapshot = new DesiredSnapshot(entry.Record.DesiredVersion, placed) { Cold = cold };
            StageDesiredLocked(entry);
            StageSendLocked(entry, snapshot);
        }

        IndexScopeLocked(entry, hash, snapshot);
        return snapshot;
    }

    /// <summary>
    /// The hash of what a node runs. A workload's part is the same on every node, so it is
    /// written once per stored record (records are replaced, never changed, when a spec
    /// changes), not once per node: a change to a global workload rehashes 10,000 nodes.
    /// </summary>
    private string HashOf(IReadOnlyList<WorkloadRecord> workloads)
    {
        var text = new StringBuilder();
        foreach (var w in workloads)
        {
            if (!_hashText.TryGetValue(w.Id, out var cached) || !ReferenceEquals(cached.Record, w))
            {
                cached = (w, HashText(w));
                _hashText[w.Id] = cached;
            }

            text.Append(cached.Text);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    internal static string HashText(WorkloadRecord w)
    {
        var text = new StringBuilder();
        text.Append(w.Id).Append('\n').Append(w.ModuleDigest).Append('\n');
        foreach (var (k, v) in w.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.Append("env ").Append(k).Append('=').Append(v).Append('\n');
        }

        foreach (var a in w.Args)
        {
            text.Append("arg ").Append(a).Append('\n');
        }

        if (w.Pool is not null || w.Limits is not null || w.Triggers.Count > 0 || w.Job is not null || w.HttpOutput.Length > 0 || w.Volumes.Count > 0)
        {
            text.Append(w.RuntimeText()).Append('\n');
        }

        return text.ToString();
    }
}

internal enum TelemetryRecordResult
{
    Accepted,
    Duplicate,
    UnknownNode,
}
