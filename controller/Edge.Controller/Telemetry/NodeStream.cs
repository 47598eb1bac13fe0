namespace Edge.Controller.Telemetry;

/// <summary>
/// Duplicate detection for one node: its current stream and the highest
/// sequence taken (reserved) and stored (durable), and its publishes whose
/// watermark is stored but which are not recorded yet, in commit order.
/// Guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class NodeStream(ulong stream, ulong durable)
{
    public Lock Gate { get; } = new();

    public ulong Stream { get; set; } = stream;

    /// <summary>Highest sequence accepted, stored or waiting for the next commit.</summary>
    public ulong Reserved { get; set; } = durable;

    /// <summary>Highest sequence whose watermark is stored: a redelivery up to here needs no wait.</summary>
    public ulong Durable { get; set; } = durable;

    /// <summary>The fleet knows the node (checked at its first publish in this process).</summary>
    public bool Known { get; set; }

    /// <summary>Committed publishes waiting to be recorded, oldest first.</summary>
    public Queue<PendingBatch> Committed { get; } = new();

    /// <summary>A worker is recording <see cref="Committed"/>: at most one per node, so a node's publishes are recorded in order.</summary>
    public bool Recording { get; set; }

    /// <summary>The node's series (looked up once).</summary>
    public NodeSeries? Series { get; set; }
}
