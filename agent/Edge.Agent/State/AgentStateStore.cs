using System.Text.Json;
using JsonSerializer = System.Text.Json.JsonSerializer;
using Edge.Agent.Core;
using Edge.Shared;
using LiteDB;

namespace Edge.Agent.State;

/// <summary>
/// The agent's own state in one LiteDB file: the last accepted desired state,
/// the telemetry sequence and the telemetry outbox. This process is the
/// file's only writer, through this one instance under one lock (LiteDB 5.0.21
/// has concurrent-writer bugs). A file
/// that cannot be read is moved aside, never fatal: the controller gives the
/// desired state again on the next connect. A file whose calls start failing
/// with a corruption error is moved aside and rebuilt the same way
/// (AgentStateStore.Recovery.cs).
/// </summary>
internal sealed partial class AgentStateStore : IDisposable
{
    private const string StateCollection = "state";
    private const string DesiredId = "desired";
    private const string SequenceId = "telemetry-sequence";
    private readonly Lock _gate = new();
    private readonly ILogger<AgentStateStore> _logger;
    private LiteDatabase? _db;

    public AgentStateStore(string dataDir, ILogger<AgentStateStore> logger)
    {
        _logger = logger;
        Path = System.IO.Path.Combine(dataDir, "agent.db");
    }

    public string Path { get; }

    /// <summary>Opens the file, moving a corrupt one aside.</summary>
    public void Open(TimeProvider time)
    {
        lock (_gate)
        {
            _time = time;
            if (_db is not null)
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            try
            {
                _db = OpenFile();
                LoadOutboxFigures();
            }
            catch (Exception ex) when (LiteDbFile.IsCorruption(ex))
            {
                QuarantineLocked(ex, time);
            }
        }
    }

    /// <summary>The last desired state accepted, or null when there is none (or it cannot be read).</summary>
    public DesiredState? LoadDesired()
    {
        lock (_gate)
        {
            var doc = Collection().FindById(DesiredId);
            if (doc is null)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize(doc["json"].AsString, StateJsonContext.Default.DesiredState);
            }
            catch (JsonException ex)
            {
                LogUnreadableDesired(Path, ex.Message);
                return null;
            }
        }
    }

    /// <summary>Stores the desired state before it is applied, so a restart runs it again.</summary>
    public void SaveDesired(DesiredState desired)
    {
        lock (_gate)
        {
            Collection().Upsert(new BsonDocument
            {
                ["_id"] = DesiredId,
                ["version"] = desired.Version,
                ["json"] = JsonSerializer.Serialize(desired, StateJsonContext.Default.DesiredState),
            });
        }
    }

    /// <summary>The next telemetry sequence number; increases across restarts.</summary>
    public ulong NextSequence()
    {
        lock (_gate)
        {
            return NextSequenceLocked();
        }
    }

    private ulong NextSequenceLocked()
    {
        var doc = Collection().FindById(SequenceId);
        var next = (doc is null ? 0L : doc["value"].AsInt64) + 1;
        Collection().Upsert(new BsonDocument { ["_id"] = SequenceId, ["value"] = next });
        return (ulong)next;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _db?.Dispose();
            _db = null;
        }
    }

    private LiteDatabase OpenFile()
    {
        var db = LiteDbFile.Open(Path);
        try
        {
            // Read everything once: a damaged page shows now rather than at the first write.
            _ = db.GetCollection(StateCollection).FindAll().ToList();
            return db;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private ILiteCollection<BsonDocument> Collection() =>
        (_db ?? throw new InvalidOperationException("the agent state store is not open")).GetCollection(StateCollection);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Error, Message = "Agent state file {Path} is unreadable ({Error}); moved it to {Aside} and starting with empty state; the controller will send the desired state again")]
    private partial void LogCorrupt(string path, string error, string aside);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Desired state in {Path} is unreadable ({Error}); waiting for the controller")]
    private partial void LogUnreadableDesired(string path, string error);
}
