using Edge.Shared;
using LiteDB;

namespace Edge.Controller.Telemetry;

/// <summary>
/// A watermark file whose writes start failing with a corruption error (LiteDB's own checks,
/// such as "stored slot must be same as called") is moved aside and replaced by a new file
/// holding one snapshot of every watermark in memory: the ingest loses nothing and
/// acknowledges nothing it has not stored.
/// </summary>
internal sealed partial class TelemetryWatermarks
{
    private long _quarantines;
    private string? _quarantinedTo;

    /// <summary>Why the last write failed (the file could not be rebuilt either); null once one succeeded.</summary>
    public string? Failure
    {
        get => Volatile.Read(ref _failure);
        private set => Volatile.Write(ref _failure, value);
    }

    private string? _failure;

    /// <summary>Damaged files moved aside since start (at open or at a write).</summary>
    public long Quarantines => Interlocked.Read(ref _quarantines);

    /// <summary>Where the last damaged file went.</summary>
    public string? QuarantinedTo => Volatile.Read(ref _quarantinedTo);

    private void Quarantined(string aside)
    {
        Interlocked.Increment(ref _quarantines);
        Volatile.Write(ref _quarantinedTo, aside);
    }

    private void Rebuild(Exception failure)
    {
        var path = Path!;
        LiteDbFile.DisposeWithin(_db!, TimeSpan.FromSeconds(2));
        _db = null;
        var aside = LiteDbFile.Quarantine(path, _time.GetUtcNow());
        Quarantined(aside);
        LogCorruptAtWrite(path, failure.GetBaseException().Message, aside);
        var db = LiteDbFile.Open(path);
        db.GetCollection(Collection).Insert(new BsonDocument { ["_id"] = ++_lastId, ["snapshot"] = true, ["marks"] = Encode(_known.Values) });
        _records = 1;
        _db = db;
    }

    [LoggerMessage(EventId = 1421, Level = LogLevel.Error, Message = "Telemetry watermark file {Path} failed a write ({Error}); moved it to {Aside} and wrote every watermark into a new file: nothing is lost")]
    private partial void LogCorruptAtWrite(string path, string error, string aside);
}
