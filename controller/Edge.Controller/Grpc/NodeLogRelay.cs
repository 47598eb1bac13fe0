using System.Collections.Concurrent;
using System.Threading.Channels;
using Edge.Protos.V1;

namespace Edge.Controller.Grpc;

/// <summary>
/// Log requests down each node's Connect stream and their replies up, matched by id: the
/// controller never dials a node, so a node's output is asked for on the stream the node
/// opened. A node with no stream is offline; a reply that does not come within the bound is a
/// timeout; a reply only counts from the node that was asked.
/// </summary>
internal sealed class NodeLogRelay
{
    private readonly ConcurrentDictionary<string, Attachment> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Node, TaskCompletionSource<LogReply> Reply)> _pending = new(StringComparer.Ordinal);

    /// <summary>A node's stream is up: requests for it go into the returned queue (a newer stream of the node replaces it).</summary>
    public Attachment Attach(string node)
    {
        var attachment = new Attachment(node);
        _nodes[node] = attachment;
        return attachment;
    }

    /// <summary>The stream ended: requests waiting on it end as offline at once.</summary>
    public void Detach(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        _nodes.TryRemove(new KeyValuePair<string, Attachment>(attachment.Node, attachment));
        attachment.Outgoing.Writer.TryComplete();
        foreach (var (id, pending) in _pending)
        {
            if (pending.Node == attachment.Node && !_nodes.ContainsKey(attachment.Node) && _pending.TryRemove(id, out _))
            {
                pending.Reply.TrySetException(new NodeOfflineException(attachment.Node));
            }
        }
    }

    /// <summary>A reply came up <paramref name="node"/>'s stream; false when nothing from that node waits for it.</summary>
    public bool Complete(string node, LogReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return _pending.TryGetValue(reply.Id, out var pending) && pending.Node == node
            && _pending.TryRemove(reply.Id, out _) && pending.Reply.TrySetResult(reply);
    }

    public bool IsAttached(string node) => _nodes.ContainsKey(node);

    /// <summary>Asks <paramref name="node"/>; throws <see cref="NodeOfflineException"/> when it has no stream and <see cref="TimeoutException"/> past <paramref name="bound"/>.</summary>
    public async Task<LogReply> AskAsync(string node, LogRequest request, TimeSpan bound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_nodes.TryGetValue(node, out var attachment))
        {
            throw new NodeOfflineException(node);
        }

        request.Id = Guid.NewGuid().ToString("N");
        var reply = new TaskCompletionSource<LogReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.Id] = (node, reply);
        try
        {
            if (!attachment.Outgoing.Writer.TryWrite(request))
            {
                throw new NodeOfflineException(node);
            }

            return await reply.Task.WaitAsync(bound, cancellationToken);
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    /// <summary>One stream's queue of requests; bounded, so a node that stopped reading cannot grow it.</summary>
    internal sealed class Attachment(string node)
    {
        public string Node { get; } = node;

        public Channel<LogRequest> Outgoing { get; } = Channel.CreateBounded<LogRequest>(
            new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    }
}

internal sealed class NodeOfflineException(string node) : Exception($"node {node} has no stream to the controller")
{
    public string Node { get; } = node;
}
