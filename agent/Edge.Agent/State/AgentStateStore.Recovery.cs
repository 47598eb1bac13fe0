using Edge.Shared;

namespace Edge.Agent.State;

/// <summary>
/// Healing: a call that fails with a corruption error (<see cref="LiteDbFile.IsCorruption"/>)
/// moves the file aside and opens an empty one; <see cref="Rebuilt"/> tells the supervisor
/// to store the desired state it runs again. Any other failure (disk full, a read-only file
/// system) leaves the file where it is and marks the store failing until a call succeeds.
/// Either way the event is logged once and shows in <see cref="Health"/>.
/// </summary>
internal sealed partial class AgentStateStore
{
    private static readonly TimeSpan DisposeBound = TimeSpan.FromSeconds(2);
    private StoreHealth _health = StoreHealth.Healthy;
    private TimeProvider _time = TimeProvider.System;

    /// <summary>Raised, outside the store's lock, after a damaged file was replaced by an empty one.</summary>
    public event Action? Rebuilt;

    public StoreHealth Health => Volatile.Read(ref _health);

    /// <summary>The file the last corrupt state was moved to, if any.</summary>
    public string? Quarantined => Health.QuarantinedTo;

    /// <summary>
    /// Call when a store call threw: a corrupt file is moved aside and rebuilt (true: try the
    /// call again); any other failure marks the store failing (false).
    /// </summary>
    public bool Recover(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        bool rebuilt;
        lock (_gate)
        {
            if (!LiteDbFile.IsCorruption(failure))
            {
                MarkFailingLocked(failure.GetBaseException().Message);
                return false;
            }

            try
            {
                QuarantineLocked(failure, _time);
                rebuilt = true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || LiteDbFile.IsCorruption(ex))
            {
                MarkFailingLocked($"{failure.GetBaseException().Message}; could not move {Path} aside: {ex.GetBaseException().Message}");
                rebuilt = false;
            }
        }

        if (rebuilt)
        {
            Rebuilt?.Invoke();
        }

        return rebuilt;
    }

    /// <summary>A store call succeeded: a failing store is healthy again.</summary>
    public void ReportSuccess()
    {
        var health = Health;
        if (!health.Failing)
        {
            return;
        }

        lock (_gate)
        {
            Volatile.Write(ref _health, _health with { Failing = false, Reason = "", FailingSince = null });
            LogStoreHealthy(Path);
        }
    }

    private void MarkFailingLocked(string reason)
    {
        var health = _health;
        if (!health.Failing || health.Reason != reason)
        {
            LogStoreFailing(Path, reason);
        }

        Volatile.Write(ref _health, health with { Failing = true, Reason = reason, FailingSince = health.FailingSince ?? _time.GetUtcNow() });
    }

    private void QuarantineLocked(Exception failure, TimeProvider time)
    {
        _time = time;
        if (_db is { } old)
        {
            _db = null;
            LiteDbFile.DisposeWithin(old, DisposeBound);
        }

        var now = time.GetUtcNow();
        var aside = LiteDbFile.Quarantine(Path, now);
        var reason = failure.GetBaseException().Message;
        LogCorrupt(Path, reason, aside);
        _db = OpenFile();
        LoadOutboxFigures();
        var health = _health;
        Volatile.Write(ref _health, health with
        {
            Failing = false,
            Reason = "",
            FailingSince = null,
            Quarantines = health.Quarantines + 1,
            QuarantinedTo = aside,
            QuarantineReason = reason,
            QuarantinedAt = now,
        });
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Agent state file {Path} is failing ({Error}); workloads keep running, telemetry waits until it can be written")]
    private partial void LogStoreFailing(string path, string error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Agent state file {Path} is written again")]
    private partial void LogStoreHealthy(string path);
}
