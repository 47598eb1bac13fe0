using Edge.Controller.Store;
using Edge.Scheduling;

namespace Edge.Controller.Fleet;

/// <summary>A node's hot state: the stored record plus what lives only in memory.</summary>
internal sealed class NodeEntry
{
    public NodeEntry(NodeRecord record, DateTimeOffset since)
    {
        Record = record;
        ConditionSince = since;
    }

    private NodeCondition _condition = NodeCondition.Disconnected;
    private DateTimeOffset _conditionSince;
    private DateTimeOffset? _lastHeartbeat;
    private long _appliedVersion;
    private IReadOnlyList<ObservedWorkload> _workloads = [];
    private NodeSession? _session;

    public NodeRecord Record { get; set; }

    /// <summary>What its health conditions are judged from (FleetState.Health.cs).</summary>
    public NodeHealthFacts Health { get; } = new();

    /// <summary>
    /// Guards what a heartbeat or a status report writes without the fleet lock (see
    /// <see cref="TryBeat"/>): condition, heartbeat, applied version, workloads, session. Taken
    /// inside the fleet lock, never around it; it is reentrant.
    /// </summary>
    public Lock Sync { get; } = new();

    private NodeScope _scope = NodeScope.Empty;

    /// <summary>What the node may speak for on MQTT; written under the fleet lock, read without it.</summary>
    public NodeScope Scope
    {
        get => Volatile.Read(ref _scope);
        set => Volatile.Write(ref _scope, value);
    }

    public NodeCondition Condition
    {
        get => _condition;
        set
        {
            lock (Sync)
            {
                _condition = value;
            }
        }
    }

    public DateTimeOffset ConditionSince
    {
        get
        {
            lock (Sync)
            {
                return _conditionSince;
            }
        }

        set
        {
            lock (Sync)
            {
                _conditionSince = value;
            }
        }
    }

    public DateTimeOffset? LastHeartbeat
    {
        get
        {
            lock (Sync)
            {
                return _lastHeartbeat;
            }
        }
    }

    public long AppliedVersion => Volatile.Read(ref _appliedVersion);

    public IReadOnlyList<ObservedWorkload> Workloads => Volatile.Read(ref _workloads);

    public NodeSession? Session
    {
        get => Volatile.Read(ref _session);
        set
        {
            lock (Sync)
            {
                _session = value;
            }
        }
    }

    /// <summary>Records a heartbeat or report (workloads null: keep the last ones).</summary>
    public void Beat(DateTimeOffset now, long appliedVersion, IReadOnlyList<ObservedWorkload>? workloads)
    {
        lock (Sync)
        {
            _lastHeartbeat = now;
            _appliedVersion = appliedVersion;
            _workloads = workloads ?? _workloads;
        }
    }

    /// <summary>
    /// The common case of a heartbeat or status report, without the fleet lock: the stream is
    /// the node's current one and the node is Ready already, so nothing but these fields
    /// changes. False when the fleet has to look (a condition change, a replaced stream).
    /// </summary>
    public bool TryBeat(NodeSession session, DateTimeOffset now, long appliedVersion, IReadOnlyList<ObservedWorkload>? workloads)
    {
        lock (Sync)
        {
            if (!ReferenceEquals(_session, session) || _condition != NodeCondition.Ready)
            {
                return false;
            }

            Beat(now, appliedVersion, workloads);
            return true;
        }
    }

    private NodeTelemetrySample? _telemetry;

    /// <summary>The last telemetry sample; written without the fleet lock (<see cref="TryRecordTelemetry"/>).</summary>
    public NodeTelemetrySample? Telemetry => Volatile.Read(ref _telemetry);

    /// <summary>
    /// Keeps the sample unless one of the same stream with the same or a higher sequence number is
    /// already kept (a sample of another stream restarts the count); lock-free.
    /// </summary>
    public bool TryRecordTelemetry(NodeTelemetrySample sample)
    {
        while (true)
        {
            var last = Volatile.Read(ref _telemetry);
            if (last is not null && last.Stream == sample.Stream && sample.Sequence <= last.Sequence)
            {
                return false;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _telemetry, sample, last), last))
            {
                return true;
            }
        }
    }

    /// <summary>Whether the node reports the workload running with this module.</summary>
    public bool Runs(string workload, string digest) =>
        Condition == NodeCondition.Ready && Workloads.Any(o => o.IsRunning && o.Name == workload && o.ModuleDigest == digest);

    /// <summary>
    /// The node as placement sees it. Capacity is the hello's facts (the agent already took off
    /// what it reserves for K3s and the system). lostAfter counts from the later of the condition
    /// change and <paramref name="notBefore"/> (the controller's start), so a restart is no loss.
    /// </summary>
    public PlacementNode ToPlacement(DateTimeOffset notBefore)
    {
        // Every node matches selectors and affinity on its own name, as kubernetes.io/hostname.
        var labels = Record.EffectiveLabels();
        labels.TryAdd(PlacementNode.HostnameLabel, Record.Id);
        return new PlacementNode
        {
            Name = Record.Id,
            Labels = labels,
            Taints = [.. Record.Taints.Select(t => new Taint(t.Key, t.Value, t.Effect))],
            Allocatable = new ResourceAmount(Record.Facts.CpuMillicores, Record.Facts.MemoryBytes),
            MaxWorkloads = Record.Facts.MaxWorkloads,
            ExtendedResources = Record.Facts.ExtendedResources,
            Cordoned = Record.Cordoned || Record.Draining,
            Condition = Condition,
            ConditionSince = ConditionSince > notBefore ? ConditionSince : notBefore,
        };
    }

    /// <summary>A copy safe to read outside the fleet lock.</summary>
    public NodeView ToView(ResourceAmount requested, int replicas)
    {
        lock (Sync)
        {
            return new(
                Record.Id, _condition, _conditionSince, _lastHeartbeat, FactsWithEffectiveLabels(), Record.DesiredVersion,
                _appliedVersion, _workloads, Telemetry, _session is not null)
            {
                Taints = [.. Record.Taints.Select(t => new Taint(t.Key, t.Value, t.Effect))],
                Cordoned = Record.Cordoned,
                Draining = Record.Draining,
                Requested = requested,
                Replicas = replicas,
            };
        }
    }

    private NodeFactsRecord FactsWithEffectiveLabels()
    {
        var f = Record.Facts;
        return new NodeFactsRecord
        {
            Arch = f.Arch,
            Os = f.Os,
            OsDescription = f.OsDescription,
            CpuMillicores = f.CpuMillicores,
            MemoryBytes = f.MemoryBytes,
            Labels = Record.EffectiveLabels(),
            AgentVersion = f.AgentVersion,
            K3sNodeName = f.K3sNodeName,
            Hostname = f.Hostname,
            MaxWorkloads = f.MaxWorkloads,
            ExtendedResources = f.ExtendedResources,
        };
    }
}

/// <summary>An immutable view of one node for the admin API.</summary>
internal sealed record NodeView(
    string Name,
    NodeCondition Condition,
    DateTimeOffset ConditionSince,
    DateTimeOffset? LastHeartbeat,
    NodeFactsRecord Facts,
    long DesiredVersion,
    long AppliedVersion,
    IReadOnlyList<ObservedWorkload> Workloads,
    NodeTelemetrySample? Telemetry,
    bool Connected)
{
    public IReadOnlyList<Taint> Taints { get; init; } = [];

    /// <summary>Raised health conditions (NotApplying, StoreFailed, TelemetryStalled); none = Ready when connected.</summary>
    public IReadOnlyList<Edge.Scheduling.Health.NodeHealthCondition> HealthConditions { get; init; } = [];

    /// <summary>The agent's state file as last reported.</summary>
    public StoreReport Store { get; init; } = StoreReport.None;

    public bool Cordoned { get; init; }

    public bool Draining { get; init; }

    /// <summary>What the replicas placed on the node request.</summary>
    public ResourceAmount Requested { get; init; }

    /// <summary>Extended resources the replicas placed here hold, by name.</summary>
    public Dictionary<string, long> ExtendedRequested { get; init; } = [];

    public int Replicas { get; init; }
}
