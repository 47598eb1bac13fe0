using Edge.Shared;
using LiteDB;

namespace Edge.Controller.Telemetry;

/// <summary>
/// Each node's telemetry watermark (stream and highest sequence ingested) in
/// its own LiteDB file, written in batches by the ingest's one commit loop
/// before the publishes it covers are acknowledged: a redelivery that reaches
/// a restarted controller is still recognised. A file that cannot be read is
/// moved aside (the worst outcome is a redelivered batch ingested twice),
/// never fatal. LiteDB does not fsync: this survives a process kill, not
/// a power cut.
/// </summary>
internal sealed partial class TelemetryWatermarks : IDisposable
{
    private readonly TimeProvider _time;
    private const string Collection = "watermarks";
    private const int SnapshotEvery = 1000;
    private readonly Dictionary<string, NodeWatermark> _known = new(StringComparer.Ordinal);
    private LiteDatabase? _db;
    private readonly ILogger<TelemetryWatermarks> _logger;
    private long _records;
    private long _lastId;

    /// <summary>Opens (or creates) the file; <paramref name="path"/> null keeps watermarks in memory only.</summary>
    public TelemetryWatermarks(string? path, TimeProvider time, ILogger<TelemetryWatermarks> logger)
    {
        _logger = logger;
        _time = time;
        Path = path;
        if (path is null)
        {
            return;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        try
        {
            _db = Open(path);
        }
        catch (Exception ex) when (ex is IOException || LiteDbFile.IsCorruption(ex))
        {
            var aside = LiteDbFile.Quarantine(path, time.GetUtcNow());
            Quarantined(aside);
            LogCorrupt(path, ex.Message, aside);
            _known.Clear();
            (_records, _lastId) = (0, 0);
            _db = Open(path);
        }
    }

    public string? Path { get; }

    /// <summary>The controller's file: telemetry.db beside the fleet store.</summary>
    public static TelemetryWatermarks InDataDir(IServiceProvider services) => new(
        System.IO.Path.Combine(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.ControllerOptions>>().Value.DataDir, "telemetry.db"),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<TelemetryWatermarks>>());

    /// <summary>Every node's latest watermark, as read at open.</summary>
    public IReadOnlyList<NodeWatermark> Load() => [.. _known.Values];

    /// <summary>
    /// Stores the watermarks in one transaction: one record per commit (a
    /// journal), cheap however many nodes it names. Now and then a snapshot of
    /// every node replaces the journal, so the file stays small. Throws when
    /// the file cannot be written.
    /// </summary>
    public void Save(IReadOnlyCollection<NodeWatermark> marks)
    {
        try
        {
            SaveToFile(marks);
            Failure = null;
        }
        catch (Exception ex) when (_db is not null && LiteDbFile.IsCorruption(ex))
        {
            Rebuild(ex); // every watermark is in memory: the new file gets them all, nothing is lost
            Failure = null;
        }
        catch (Exception ex)
        {
            Failure = ex.GetBaseException().Message;
            throw;
        }
    }

    private void SaveToFile(IReadOnlyCollection<NodeWatermark> marks)
    {
        if (_db is null || marks.Count == 0)
        {
            return;
        }

        foreach (var mark in marks)
        {
            _known[mark.Node] = mark;
        }

        var records = _db.GetCollection(Collection);
        if (_records < SnapshotEvery)
        {
            records.Insert(new BsonDocument { ["_id"] = ++_lastId, ["snapshot"] = false, ["marks"] = Encode(marks) });
            _records++;
            return;
        }

        _db.BeginTrans();
        try
        {
            var id = ++_lastId;
            records.Insert(new BsonDocument { ["_id"] = id, ["snapshot"] = true, ["marks"] = Encode(_known.Values) });
            records.DeleteMany(Query.LT("_id", id));
            _db.Commit();
            _records = 1;
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    private static byte[] Encode(IEnumerable<NodeWatermark> marks)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            foreach (var m in marks)
            {
                writer.Write(m.Node);
                writer.Write(m.Stream);
                writer.Write7BitEncodedInt64((long)m.Sequence);
            }
        }

        return buffer.ToArray();
    }

    private static List<NodeWatermark> Decode(byte[] bytes)
    {
        var marks = new List<NodeWatermark>();
        using var reader = new BinaryReader(new MemoryStream(bytes), System.Text.Encoding.UTF8);
        while (reader.BaseStream.Position < bytes.Length)
        {
            marks.Add(new NodeWatermark(reader.ReadString(), reader.ReadUInt64(), (ulong)reader.Read7BitEncodedInt64()));
        }

        return marks;
    }

    public void Dispose() => _db?.Dispose();

    private LiteDatabase Open(string path)
    {
        var db = LiteDbFile.Open(path);
        try
        {
            // The newest snapshot, then the commits after it, in order; reading it all now also
            // shows a damaged page now rather than at the first write.
            foreach (var doc in db.GetCollection(Collection).Find(Query.All("_id", Query.Ascending)))
            {
                if (doc["snapshot"].AsBoolean)
                {
                    _known.Clear();
                    _records = 0;
                }

                foreach (var mark in Decode(doc["marks"].AsBinary))
                {
                    _known[mark.Node] = mark;
                }

                _records++;
                _lastId = doc["_id"].AsInt64;
            }

            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 1420, Level = LogLevel.Error, Message = "Telemetry watermark file {Path} is unreadable ({Error}); moved it to {Aside} and starting empty: a batch redelivered now may be ingested twice")]
    private partial void LogCorrupt(string path, string error, string aside);
}
