using Edge.Shared;

namespace Edge.Agent.State;

/// <summary>
/// Healing: a call that fails with a corruption error (<see cref="LiteDbFile.IsCorruption"/>)
/// reopens the file, and a file that does not open or fails again moves aside for an empty
/// one; <see cref="Rebuilt"/> tells the supervisor to store the desired state it runs again.
/// Any other failure (disk full, a read-only file system) leaves the file where it is and
/// marks the store failing until a call succeeds. The event is logged and shows in <see cref="Health"/>.
/// </summary>
internal sealed partial class AgentStateStore
{
    private static readonly TimeSpan DisposeBound = TimeSpan.FromSeconds(2);
    private StoreHealth _health = StoreHealth.Healthy;
    private TimeProvider _time = TimeProvider.System;
    private volatile bool _reopened;

    /// <summary>Raised, outside the store's lock, after a damaged file was replaced by an empty one.</summary>
    public event Action? Rebuilt;

    public StoreHealth Health => Volatile.Read(ref _health);

    /// <summary>The file the last corrupt state was moved to, if any.</summary>
    public string? Quarantined => Health.QuarantinedTo;

    /// <summary>
    /// Call when a store call threw. A disk error (full, read-only) marks the store failing and
    /// leaves it be (false). A corruption error, or any failure while the file is not open,
    /// first reopens the same file (true): LiteDB leaves its engine wedged after a failed write
    /// ("page must be writable", then lock timeouts) while the file itself is whole. If the file
    /// does not open, or calls fail again before one succeeds, it is damaged: moved aside and
    /// rebuilt (true, and <see cref="Rebuilt"/> is raised).
    /// </summary>
    public bool Recover(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var rebuilt = false;
        lock (_gate)
        {
            if (_db is not null && !LiteDbFile.IsCorruption(failure) && !LiteDbFile.IsEngineGone(failure))
            {
                MarkFailingLocked(failure.GetBaseException().Message);
                return false;
            }

            var damaged = _reopened;
            if (!damaged)
            {
                try
                {
                    ReopenLocked();
                    LogReopened(Path, failure.GetBaseException().Message);
                    return true;
                }
                catch (Exception ex) when (LiteDbFile.IsCorruption(ex))
                {
                    damaged = true;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    MarkFailingLocked($"{failure.GetBaseException().Message}; reopening failed: {ex.GetBaseException().Message}");
                    return false;
                }
            }

            if (damaged)
            {
                try
                {
                    QuarantineLocked(failure, _time);
                    rebuilt = true;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || LiteDbFile.IsCorruption(ex))
                {
                    MarkFailingLocked($"{failure.GetBaseException().Message}; could not move {Path} aside: {ex.GetBaseException().Message}");
                }
            }
        }

        if (rebuilt)
        {
            Rebuilt?.Invoke();
        }

        return rebuilt;
    }

    /// <summary>
    /// Runs a store call; when it throws, the failure goes to <see cref="Recover"/>, and a file that
    /// was reopened or rebuilt gets the call once more. False when it still failed: the store's
    /// health says so, and the caller goes on without it.
    /// </summary>
    public bool TryWithRecovery(Action call)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                call();
                return true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (!Recover(ex))
                {
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>A store call succeeded: a failing store is healthy again, and a reopen did its job.</summary>
    public void ReportSuccess()
    {
        _reopened = false;
        if (!Health.Failing)
        {
            return;
        }

        lock (_gate)
        {
            Volatile.Write(ref _health, _health with { Failing = false, Reason = "", FailingSince = null });
            LogStoreHealthy(Path);
        }
    }

    private void ReopenLocked()
    {
        if (_db is { } old)
        {
            _db = null;
            LiteDbFile.DisposeWithin(old, DisposeBound);
        }

        _db = OpenFile();
        LoadOutboxFigures();
        _reopened = true;
        var health = _health;
        Volatile.Write(ref _health, health with { Failing = false, Reason = "", FailingSince = null });
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
        _reopened = false;
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

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Agent state file {Path} reopened after a failed call ({Error}); it is moved aside if calls fail again")]
    private partial void LogReopened(string path, string error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Agent state file {Path} is written again")]
    private partial void LogStoreHealthy(string path);
}
