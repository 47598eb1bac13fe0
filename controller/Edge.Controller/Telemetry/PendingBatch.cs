using Edge.Protos.V1;

namespace Edge.Controller.Telemetry;

/// <summary>A publish whose fresh samples wait for their watermark to be stored before they are ingested and acknowledged.</summary>
internal sealed class PendingBatch(string node, NodeStream state, ulong stream, IReadOnlyList<NodeSample> fresh, ulong dropped, ulong pending)
{
    public string Node { get; } = node;

    public NodeStream State { get; } = state;

    public ulong Stream { get; } = stream;

    public IReadOnlyList<NodeSample> Fresh { get; } = fresh;

    public ulong AgentDropped { get; } = dropped;

    public ulong AgentPending { get; } = pending;

    /// <summary>The commit loop could not store its watermark: it is answered NotStored, not recorded.</summary>
    public bool NotStored { get; set; }

    /// <summary>
    /// Completed by the node's recording worker (after the commit) in order with the node's other publishes;
    /// continuations run inline there, so the PUBACK goes out without another thread hop.
    /// </summary>
    public TaskCompletionSource<IngestOutcome> Done { get; } = new();
}
