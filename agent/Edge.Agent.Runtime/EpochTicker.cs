using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// Advances the engine's epoch every tick while at least one guest runs, and
/// counts the runs so shutdown can wait for them. An idle agent gets no
/// wake-ups. The timer comes from <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
internal sealed class EpochTicker : IDisposable
{
    private readonly Engine _engine;
    private readonly TimeSpan _tick;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _idle = new(initialState: true);
    private long _epoch;
    private int _active;
    private bool _closed;
    private bool _disposed;

    public EpochTicker(Engine engine, TimeSpan tick, TimeProvider timeProvider)
    {
        _engine = engine;
        _tick = tick;
        _timer = timeProvider.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Active
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Ticks so far; a run's timeout is measured in these, not in deadline callbacks,
    /// because several ticks can pass before a busy guest next checks the epoch.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>A guest run begins; returns the epoch it starts at. Throws once the runtime is shutting down.</summary>
    public long Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_active++ == 0)
            {
                _idle.Reset();
                _timer.Change(_tick, _tick);
            }

            return _epoch;
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            if (--_active == 0 && !_disposed)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _idle.Set();
            }
        }
    }

    /// <summary>Refuses new runs and makes every running guest reach its deadline callback now.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            if (!_disposed)
            {
                _engine.IncrementEpoch();
            }
        }
    }

    public bool WaitIdle(TimeSpan timeout) => _idle.Wait(timeout);

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _disposed = true;
        }

        _timer.Dispose();
        _idle.Dispose();
    }

    private void Tick()
    {
        // Under the lock so a tick already in flight never touches a disposed engine.
        lock (_gate)
        {
            if (!_disposed)
            {
                Interlocked.Increment(ref _epoch);
                _engine.IncrementEpoch();
            }
        }
    }
}
