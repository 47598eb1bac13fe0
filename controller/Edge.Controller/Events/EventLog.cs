using Edge.Controller.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Events;

/// <summary>
/// The controller's event log, as Kubernetes events: every decision and observation worth an
/// operator's eye, per object, folded (the same object, type, reason and message again raises
/// the count and the last-seen time instead of adding a line), bounded by count and by age
/// (<see cref="EventOptions"/>), and written to the fleet store by <see cref="Flush"/> so it
/// survives a restart within its retention.
/// </summary>
/// <remarks>
/// <see cref="Record"/> is called from inside the fleet lock: it takes only this log's own lock,
/// never blocks on the store or on a watcher (a watcher that falls behind by more than
/// <see cref="EventOptions.WatchBuffer"/> is ended, as a Kubernetes watch is), and is O(log n).
/// </remarks>
internal sealed partial class EventLog
{
    /// <summary>Longest message kept (as the Kubernetes API's 1 KiB note); longer ones are cut with "…".</summary>
    public const int MaxMessageLength = 1024;

    private const int MaxReasonLength = 128;

    private readonly Lock _gate = new();
    private readonly Lock _flushGate = new();
    private readonly Dictionary<string, FleetEvent> _byKey = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, FleetEvent> _bySequence = [];
    private readonly Dictionary<long, EventRecord> _dirty = [];
    private readonly HashSet<long> _dropped = [];
    private readonly List<EventWatch> _watches = [];
    private readonly IEventStore? _store;
    private readonly TimeProvider _time;
    private readonly EventOptions _options;
    private readonly ILogger<EventLog> _logger;
    private long _nextId = 1;
    private long _sequence;

    public EventLog(IEventStore? store, TimeProvider time, IOptions<EventOptions> options, ILogger<EventLog> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _time = time;
        _options = options.Value;
        _logger = logger;
        if (store is null)
        {
            return;
        }

        foreach (var r in store.LoadEvents().OrderBy(r => r.Sequence))
        {
            var e = FromRecord(r);
            if (_byKey.TryGetValue(e.FoldKey, out var twin))
            {
                _dropped.Add(twin.Id); // two stored copies of one event (cannot happen through Record): keep the later
                _bySequence.Remove(twin.Sequence);
            }

            _byKey[e.FoldKey] = e;
            _bySequence[e.Sequence] = e;
            _nextId = Math.Max(_nextId, e.Id + 1);
            _sequence = Math.Max(_sequence, e.Sequence);
        }

        lock (_gate)
        {
            PruneLocked(time.GetUtcNow());
        }

        LogLoaded(_byKey.Count, _dropped.Count);
    }

    /// <summary>A log kept in memory only (tests, and parts started without the host's log).</summary>
    public static EventLog InMemory(TimeProvider time) =>
        new(null, time, Options.Create(new EventOptions()), NullLogger<EventLog>.Instance);

    /// <summary>The log's clock now (a list's "since" counts back from it).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Events kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>The latest sequence handed out.</summary>
    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    /// <summary>Records an event, or folds it into the same one seen before; returns it as kept.</summary>
    /// <param name="kind">One of <see cref="EventKinds"/>.</param>
    /// <param name="name">The object's name within its tenant.</param>
    /// <param name="tenant">Its tenant; empty for a fleet-wide object (a node, a node group).</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">CamelCase, short: what happened (NodeDisconnected).</param>
    /// <param name="message">For people: why, with the figures.</param>
    /// <param name="source">The part of the controller that decided.</param>
    public FleetEvent Record(string kind, string name, string tenant, EventType type, string reason, string message, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(source);
        reason = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
        message = message.Length > MaxMessageLength ? message[..(MaxMessageLength - 1)] + "…" : message;
        var now = _time.GetUtcNow();
        Interlocked.Increment(ref _recorded);
        var key = FleetEvent.FoldKeyOf(kind, name, tenant, type, reason, message);
        lock (_gate)
        {
            FleetEvent e;
            if (_byKey.TryGetValue(key, out var seen))
            {
                _bySequence.Remove(seen.Sequence);
                e = seen with { Count = seen.Count + 1, LastSeen = now < seen.LastSeen ? seen.LastSeen : now, Sequence = ++_sequence, Source = source };
            }
            else
            {
                e = new FleetEvent
                {
                    Id = _nextId++,
                    Kind = kind,
                    Name = name,
                    Tenant = tenant,
                    Type = type,
                    Reason = reason,
                    Message = message,
                    Source = source,
                    Count = 1,
                    FirstSeen = now,
                    LastSeen = now,
                    Sequence = ++_sequence,
                };
            }

            _byKey[key] = e;
            _bySequence[e.Sequence] = e;
            _dirty[e.Id] = ToRecord(e);
            _dropped.Remove(e.Id);
            PruneLocked(now);
            for (var i = _watches.Count - 1; i >= 0; i--)
            {
                if (!_watches[i].Offer(e))
                {
                    _watches.RemoveAt(i);
                }
            }

            return e;
        }
    }

    /// <summary>The kept events the filter matches, oldest first; at most the newest <paramref name="limit"/>, and how many older ones were left out.</summary>
    public (IReadOnlyList<FleetEvent> Events, int Omitted, long Sequence) List(EventFilter filter, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            PruneLocked(_time.GetUtcNow());
            var newestFirst = new List<FleetEvent>(Math.Min(limit, _bySequence.Count));
            var omitted = 0;
            foreach (var e in _bySequence.Values.Reverse())
            {
                if (!filter.Matches(e))
                {
                    continue;
                }

                if (newestFirst.Count < limit)
                {
                    newestFirst.Add(e);
                }
                else
                {
                    omitted++;
                }
            }

            newestFirst.Reverse();
            return (newestFirst, omitted, _sequence);
        }
    }

    /// <summary>
    /// Follows the log: first the kept events above <paramref name="afterSequence"/> that the
    /// filter matches, then each new or folded one, with no gap between the two.
    /// </summary>
    /// <exception cref="EventLogException">As many watches as <see cref="EventOptions.MaxWatchers"/> are open.</exception>
    public EventWatch Watch(EventFilter filter, long afterSequence)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            if (_watches.Count >= _options.MaxWatchers)
            {
                throw new EventLogException($"{_watches.Count} event watches are open, the most Controller:Events:MaxWatchers allows; close one or raise it");
            }

            var watch = new EventWatch(this, filter, _options.WatchBuffer);
            foreach (var e in _bySequence.Values.Where(e => e.Sequence > afterSequence))
            {
                if (!watch.Offer(e))
                {
                    return watch; // more kept events than the buffer holds: the reader gets the overflow at once
                }
            }

            _watches.Add(watch);
            return watch;
        }
    }

    /// <summary>Ends every watch (the controller is stopping).</summary>
    public void CloseWatches()
    {
        lock (_gate)
        {
            foreach (var w in _watches)
            {
                w.Complete(null);
            }

            _watches.Clear();
        }
    }

    /// <summary>Open watches.</summary>
    public int Watches
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>
    /// Drops events past their retention, then writes what changed since the last flush. A failed
    /// write keeps the changes for the next flush, and throws for the caller to report.
    /// </summary>
    /// <returns>How many events were written or deleted.</returns>
    public int Flush()
    {
        if (_store is null)
        {
            return 0;
        }

        lock (_flushGate)
        {
            List<EventRecord> upserts;
            List<long> deletes;
            lock (_gate)
            {
                PruneLocked(_time.GetUtcNow());
                upserts = [.. _dirty.Values];
                deletes = [.. _dropped];
                _dirty.Clear();
                _dropped.Clear();
            }

            try
            {
                _store.SaveEvents(upserts, deletes);
                Flushed(null);
            }
            catch (Exception ex)
            {
                Flushed(ex);
                lock (_gate)
                {
                    // Put back what no later change replaced, so the next flush writes it.
                    foreach (var r in upserts.Where(r => !_dirty.ContainsKey(r.Id) && !_dropped.Contains(r.Id) && _bySequence.ContainsKey(r.Sequence)))
                    {
                        _dirty[r.Id] = r;
                    }

                    foreach (var id in deletes.Where(id => !_dirty.ContainsKey(id)))
                    {
                        _dropped.Add(id);
                    }
                }

                throw;
            }

            return upserts.Count + deletes.Count;
        }
    }

    internal void Remove(EventWatch watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch);
        }
    }

    /// <summary>Past the age or the count bound: the least recently seen go first.</summary>
    private void PruneLocked(DateTimeOffset now)
    {
        var cutoff = now - _options.Retention;
        while (_bySequence.Count > 0)
        {
            var oldest = _bySequence.First().Value;
            if (_bySequence.Count <= _options.MaxEvents && oldest.LastSeen >= cutoff)
            {
                break;
            }

            _bySequence.Remove(oldest.Sequence);
            _byKey.Remove(oldest.FoldKey);
            _dirty.Remove(oldest.Id);
            _dropped.Add(oldest.Id);
        }
    }

    private static EventRecord ToRecord(FleetEvent e) => new()
    {
        Id = e.Id,
        Kind = e.Kind,
        Name = e.Name,
        Tenant = e.Tenant,
        Type = e.Type.ToString(),
        Reason = e.Reason,
        Message = e.Message,
        Source = e.Source,
        Count = e.Count,
        FirstSeen = e.FirstSeen,
        LastSeen = e.LastSeen,
        Sequence = e.Sequence,
    };

    private static FleetEvent FromRecord(EventRecord r) => new()
    {
        Id = r.Id,
        Kind = r.Kind,
        Name = r.Name,
        Tenant = r.Tenant,
        Type = Enum.TryParse<EventType>(r.Type, out var t) ? t : EventType.Warning,
        Reason = r.Reason,
        Message = r.Message,
        Source = r.Source,
        Count = Math.Max(1, r.Count),
        FirstSeen = r.FirstSeen,
        LastSeen = r.LastSeen,
        Sequence = r.Sequence,
    };
}
