using System.Threading.Channels;

namespace Edge.Controller.Fleet;

/// <summary>
/// One live Connect stream of a node. Only the newest desired snapshot matters, so the
/// outgoing queue holds one, and a snapshot no newer than one already offered is dropped:
/// snapshots are handed over outside the fleet lock, possibly out of order, and the node must
/// still see its versions only grow.
/// </summary>
internal sealed class NodeSession
{
    private readonly Lock _gate = new();
    private readonly Channel<DesiredSnapshot> _outgoing = Channel.CreateBounded<DesiredSnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private long _offered;

    public NodeSession(string node, string peer)
    {
        Node = node;
        Peer = peer;
    }

    public string Node { get; }

    public string Peer { get; }

    public ChannelReader<DesiredSnapshot> Outgoing => _outgoing.Reader;

    /// <summary>The highest version handed to the stream so far (its first message included).</summary>
    public long Offered
    {
        get
        {
            lock (_gate)
            {
                return _offered;
            }
        }
    }

    /// <summary>Queues the snapshot unless the stream already has this version or a newer one; returns whether it was queued.</summary>
    public bool Send(DesiredSnapshot snapshot)
    {
        lock (_gate)
        {
            if (snapshot.Version <= _offered)
            {
                return false;
            }

            _offered = snapshot.Version;
            return _outgoing.Writer.TryWrite(snapshot);
        }
    }

    /// <summary>The stream's first message carries this version, outside the queue; nothing older may follow it.</summary>
    public void Began(long version)
    {
        lock (_gate)
        {
            _offered = Math.Max(_offered, version);
        }
    }

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
