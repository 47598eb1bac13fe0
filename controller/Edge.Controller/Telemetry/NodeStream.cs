namespace Edge.Controller.Telemetry;

/// <summary>
/// Duplicate detection for one node: its current stream and the highest
/// sequence taken (reserved) and stored (durable). Guarded by
/// <see cref="Gate"/>; the fleet hand-off fields belong to the commit loop alone.
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
}
