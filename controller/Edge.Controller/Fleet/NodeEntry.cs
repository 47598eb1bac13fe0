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

    public NodeRecord Record { get; set; }

    public NodeCondition Condition { get; set; } = NodeCondition.Disconnected;

    public DateTimeOffset ConditionSince { get; set; }

    public DateTimeOffset? LastHeartbeat { get; set; }

    public long AppliedVersion { get; set; }

    public IReadOnlyList<ObservedWorkload> Workloads { get; set; } = [];

    public NodeTelemetrySample? Telemetry { get; set; }

    public NodeSession? Session { get; set; }

    /// <summary>A copy safe to read outside the fleet lock.</summary>
    public NodeView ToView() => new(
        Record.Id, Condition, ConditionSince, LastHeartbeat, Record.Facts, Record.DesiredVersion,
        AppliedVersion, Workloads, Telemetry, Session is not null);
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
    bool Connected);
