using LiteDB;

namespace Edge.Agent.State;

/// <summary>
/// The telemetry outbox: samples in sequence order, each removed only once
/// delivered (the controller's committed watermark covers it; with a
/// controller that does not acknowledge, the broker's PUBACK), or dropped
/// oldest-first by policy and counted. Each enqueue is one LiteDB transaction with the sequence, so
/// a kill -9 leaves either both or neither.
/// </summary>
internal sealed partial class AgentStateStore
{
    private const string OutboxCollection = "outbox";
    private const string DroppedId = "telemetry-dropped";
    private const string DroppedAfterSendId = "telemetry-dropped-after-send";
    private const string AcknowledgedId = "telemetry-acknowledged";
    private const string StreamId = "telemetry-stream";
    private long _outboxCount;
    private long _outboxBytes;
    private ulong _sentThrough;
    private ulong _inFlightFrom;
    private ulong _inFlightThrough;
    private ulong _stream;

    /// <summary>
    /// Gives the sample its sequence and stores it in one transaction, then
    /// drops the oldest samples past the limits (never those being sent).
    /// Returns the sequence and how many were dropped now.
    /// </summary>
    public (ulong Sequence, int Dropped) EnqueueTelemetry(Func<ulong, byte[]> serialize, DateTimeOffset now, OutboxLimits limits)
    {
        lock (_gate)
        {
            var db = Db();
            db.BeginTrans();
            try
            {
                var sequence = NextSequenceLocked();
                var payload = serialize(sequence);
                Outbox().Insert(new BsonDocument
                {
                    ["_id"] = (long)sequence,
                    ["at"] = now.ToUnixTimeMilliseconds(),
                    ["p"] = payload,
                });
                _outboxCount++;
                _outboxBytes += payload.Length;
                var dropped = DropPastLimitsLocked(now, limits);
                db.Commit();
                return (sequence, dropped);
            }
            catch
            {
                db.Rollback();
                LoadOutboxFigures();
                throw;
            }
        }
    }

    /// <summary>The oldest samples, in order, up to the limits; they stay until acknowledged.</summary>
    public IReadOnlyList<OutboxEntry> PeekTelemetry(int maxSamples, long maxBytes) => PeekTelemetry(0, maxSamples, maxBytes);

    /// <summary>The oldest samples after sequence <paramref name="after"/>, in order, up to the limits; protected from drops until released.</summary>
    public IReadOnlyList<OutboxEntry> PeekTelemetry(ulong after, int maxSamples, long maxBytes)
    {
        lock (_gate)
        {
            var entries = new List<OutboxEntry>();
            long bytes = 0;
            var query = Query.All("_id", Query.Ascending);
            if (after > 0)
            {
                query.Where.Add(Query.GT("_id", (long)after));
            }

            foreach (var doc in Outbox().Find(query, 0, maxSamples))
            {
                var payload = doc["p"].AsBinary;
                if (entries.Count > 0 && bytes + payload.Length > maxBytes)
                {
                    break;
                }

                entries.Add(new OutboxEntry((ulong)doc["_id"].AsInt64, payload));
                bytes += payload.Length;
            }

            _inFlightFrom = entries.Count > 0 ? entries[0].Sequence : 0;
            _inFlightThrough = entries.Count > 0 ? entries[^1].Sequence : 0;
            return entries;
        }
    }

    /// <summary>Removes every sample up to and including <paramref name="through"/>: the broker has them; ends the send in flight.</summary>
    public void AcknowledgeTelemetry(ulong through)
    {
        lock (_gate)
        {
            TrimLocked(through);
            _inFlightFrom = 0;
            _inFlightThrough = 0;
        }
    }

    /// <summary>
    /// Removes every sample up to and including <paramref name="through"/>:
    /// the controller's committed watermark covers them. Leaves a send in
    /// flight as it is. Returns how many were removed.
    /// </summary>
    public long TrimTelemetry(ulong through)
    {
        lock (_gate)
        {
            return TrimLocked(through);
        }
    }

    /// <summary>Samples in the outbox up to and including <paramref name="through"/> (sent, not yet acknowledged).</summary>
    public long CountTelemetryThrough(ulong through)
    {
        lock (_gate)
        {
            return through == 0 ? 0 : Outbox().Count(Query.LTE("_id", (long)through));
        }
    }

    private long TrimLocked(ulong through)
    {
        var db = Db();
        db.BeginTrans();
        try
        {
            long count = 0;
            long bytes = 0;
            foreach (var doc in Outbox().Find(Query.LTE("_id", (long)through)))
            {
                count++;
                bytes += doc["p"].AsBinary.Length;
            }

            if (count > 0)
            {
                Outbox().DeleteMany(Query.LTE("_id", (long)through));
                AddCounterLocked(AcknowledgedId, count);
            }

            db.Commit();
            _outboxCount -= count;
            _outboxBytes -= bytes;
            return count;
        }
        catch
        {
            db.Rollback();
            LoadOutboxFigures();
            throw;
        }
    }

    /// <summary>
    /// The broker took every sample up to <paramref name="through"/>: one
    /// dropped by policy from now on is counted as dropped after its send too
    /// (the controller may have ingested it).
    /// </summary>
    public void MarkTelemetrySent(ulong through)
    {
        lock (_gate)
        {
            _sentThrough = Math.Max(_sentThrough, through);
        }
    }

    /// <summary>A send failed: what was peeked may be dropped by policy again.</summary>
    public void ReleaseTelemetry()
    {
        lock (_gate)
        {
            _inFlightFrom = 0;
            _inFlightThrough = 0;
        }
    }

    public OutboxFigures TelemetryFigures()
    {
        lock (_gate)
        {
            var sequence = Collection().FindById(SequenceId);
            return new OutboxFigures(
                sequence is null ? 0 : (ulong)sequence["value"].AsInt64,
                _outboxCount,
                _outboxBytes,
                (ulong)CounterLocked(AcknowledgedId),
                (ulong)CounterLocked(DroppedId))
            {
                DroppedAfterSend = (ulong)CounterLocked(DroppedAfterSendId),
            };
        }
    }

    /// <summary>
    /// The id of this file's telemetry stream, made at random the first time:
    /// a new file (the old one quarantined or wiped) restarts the sequence at 1
    /// under a new stream, which tells the controller not to take the new
    /// samples for redeliveries of the old ones.
    /// </summary>
    public ulong TelemetryStream()
    {
        lock (_gate)
        {
            if (_stream != 0)
            {
                return _stream;
            }

            if (Collection().FindById(StreamId) is { } doc)
            {
                return _stream = (ulong)doc["value"].AsInt64;
            }

            ulong stream;
            do
            {
                stream = BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
            }
            while (stream == 0);
            Collection().Upsert(new BsonDocument { ["_id"] = StreamId, ["value"] = (long)stream });
            return _stream = stream;
        }
    }

    private int DropPastLimitsLocked(DateTimeOffset now, OutboxLimits limits)
    {
        var oldestAllowed = (now - limits.MaxAge).ToUnixTimeMilliseconds();
        var dropped = 0;
        var droppedAfterSend = 0;
        while (_outboxCount > 0)
        {
            // The oldest outside the batch being published (sent earlier and unacknowledged ones may go).
            var oldest = (_inFlightFrom > 1 ? Outbox().Find(Query.LT("_id", (long)_inFlightFrom), 0, 1).FirstOrDefault() : null)
                ?? Outbox().Find(Query.GT("_id", (long)_inFlightThrough), 0, 1).FirstOrDefault();
            if (oldest is null)
            {
                break;
            }

            var over = _outboxCount > limits.MaxSamples || _outboxBytes > limits.MaxBytes || oldest["at"].AsInt64 < oldestAllowed;
            if (!over)
            {
                break;
            }

            Outbox().Delete(oldest["_id"]);
            if ((ulong)oldest["_id"].AsInt64 <= _sentThrough)
            {
                droppedAfterSend++;
            }

            _outboxCount--;
            _outboxBytes -= oldest["p"].AsBinary.Length;
            dropped++;
        }

        if (dropped > 0)
        {
            AddCounterLocked(DroppedId, dropped);
        }

        if (droppedAfterSend > 0)
        {
            AddCounterLocked(DroppedAfterSendId, droppedAfterSend);
        }

        return dropped;
    }

    private void LoadOutboxFigures()
    {
        long count = 0;
        long bytes = 0;
        foreach (var doc in Outbox().FindAll())
        {
            count++;
            bytes += doc["p"].AsBinary.Length;
        }

        _outboxCount = count;
        _outboxBytes = bytes;
        _inFlightFrom = 0;
        _inFlightThrough = 0;
        _stream = 0; // read again from the file that is open now
    }

    private long CounterLocked(string id) => Collection().FindById(id) is { } doc ? doc["value"].AsInt64 : 0;

    private void AddCounterLocked(string id, long add) =>
        Collection().Upsert(new BsonDocument { ["_id"] = id, ["value"] = CounterLocked(id) + add });

    private LiteDatabase Db() => _db ?? throw new InvalidOperationException("the agent state store is not open");

    private ILiteCollection<BsonDocument> Outbox() => Db().GetCollection(OutboxCollection);
}
