using System.Threading.Channels;

namespace Edge.Controller.Events;

/// <summary>
/// One follower of the <see cref="EventLog"/>: a bounded queue of the events its filter matches.
/// A follower that falls <see cref="EventOptions.WatchBuffer"/> events behind is ended with
/// <see cref="EventWatchOverflowException"/> rather than slowing the log or growing without bound.
/// </summary>
internal sealed class EventWatch : IDisposable
{
    private readonly EventLog _log;
    private readonly EventFilter _filter;
    private readonly Channel<FleetEvent> _channel;
    private readonly int _capacity;

    internal EventWatch(EventLog log, EventFilter filter, int capacity)
    {
        _log = log;
        _filter = filter;
        _capacity = capacity;
        _channel = Channel.CreateBounded<FleetEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    }

    public ChannelReader<FleetEvent> Reader => _channel.Reader;

    public void Dispose() => _log.Remove(this);

    /// <summary>Whether the watch has ended (overflowed, or the log closed it).</summary>
    internal bool Ended { get; private set; }

    /// <summary>Queues the event if the filter matches it; ends the watch when the reader is too far behind.</summary>
    /// <returns>False once the watch has ended.</returns>
    internal bool Offer(FleetEvent e)
    {
        if (!Ended && _filter.Matches(e) && !_channel.Writer.TryWrite(e))
        {
            Complete(new EventWatchOverflowException($"the watch fell {_capacity} events behind (Controller:Events:WatchBuffer); list the events and watch again"));
        }

        return !Ended;
    }

    internal void Complete(Exception? error)
    {
        Ended = true;
        _channel.Writer.TryComplete(error);
    }
}
