using System.Threading.Channels;

namespace Edge.Controller.Fleet;

/// <summary>
/// One live Connect stream of a node. Only the newest desired snapshot
/// matters, so the outgoing queue holds one and drops older ones.
/// </summary>
internal sealed class NodeSession
{
    private readonly Channel<DesiredSnapshot> _outgoing = Channel.CreateBounded<DesiredSnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public NodeSession(string node, string peer)
    {
        Node = node;
        Peer = peer;
    }

    public string Node { get; }

    public string Peer { get; }

    public ChannelReader<DesiredSnapshot> Outgoing => _outgoing.Reader;

    public void Send(DesiredSnapshot snapshot) => _outgoing.Writer.TryWrite(snapshot);

    /// <summary>Ends the stream, e.g. because the node connected again elsewhere.</summary>
    public void Close(string reason) => _outgoing.Writer.TryComplete(new NodeSessionClosedException(reason));
}

internal sealed class NodeSessionClosedException : Exception
{
    public NodeSessionClosedException()
    {
    }

    public NodeSessionClosedException(string message)
        : base(message)
    {
    }

    public NodeSessionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
