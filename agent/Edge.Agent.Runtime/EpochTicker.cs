using Wasmtime;

namespace Edge.Agent.Runtime;

/// <summary>
/// Advances the engine's epoch every tick while at least one guest runs, and counts the runs
/// so shutdown can wait for them. It ticks on a thread of its own, in real time: a timer on
/// the thread pool fires late when busy guests or a burst of requests hold the pool, and a
/// late tick is a late timeout. A tick only makes running guests look at their deadline; the
/// deadline itself is read from the clock (<see cref="GuestRun"/>), so a tick that comes late
/// never adds to a run's budget. An idle agent gets no wake-ups: the thread parks at the first
/// tick that finds no run, and sleeps until a run begins.
/// </summary>
internal sealed class EpochTicker : IDisposable
{
    private static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(2);

    private readonly Engine _engine;
    private readonly TimeSpan _tick;
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _idle = new(initialState: true);
    private readonly ManualResetEventSlim _running = new(initialState: false);
    private readonly ManualResetEventSlim _stop = new(initialState: false);
    private readonly Thread _thread;
    private long _epoch;
    private int _active;
    private bool _closed;
    private bool _disposed;

    public EpochTicker(Engine engine, TimeSpan tick)
    {
        _engine = engine;
        _tick = tick;
        // Highest where the OS honours it; on Linux the guest threads are the ones moved (GuestThreadPriority).
        _thread = new Thread(Loop) { IsBackground = true, Name = "edge-epoch", Priority = ThreadPriority.Highest };
        _thread.Start();
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

    /// <summary>Called on the ticker's thread after each tick that found runs (the guest threads demote long runs).</summary>
    public Action? Ticked { get; set; }

    /// <summary>Ticks so far (tests wait on it to know the ticker has looked at running guests).</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>A guest run begins. Throws once the runtime is shutting down.</summary>
    public void Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_active++ == 0)
            {
                _idle.Reset();
                if (!_running.IsSet)
                {
                    _running.Set();
                }
            }
        }
    }

    public void Exit()
    {
        lock (_gate)
        {
            // The ticker parks at its next tick if no run has come by then: back-to-back short
            // runs do not wake its thread each time.
            if (--_active == 0 && !_disposed)
            {
                _idle.Set();
            }
        }
    }

    /// <summary>True while the ticker's thread is parked (no run since its last tick).</summary>
    public bool Parked => !_running.IsSet;

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
            if (_disposed)
            {
                return;
            }

            _closed = true;
            _disposed = true;
        }

        _stop.Set();
        _running.Set();
        if (_thread.Join(JoinBound))
        {
            _running.Dispose();
            _stop.Dispose();
        }

        _idle.Dispose();
    }

    private void Loop()
    {
        while (true)
        {
            _running.Wait();
            if (_stop.Wait(_tick))
            {
                return;
            }

            if (Tick())
            {
                Ticked?.Invoke();
            }
        }
    }

    /// <summary>One tick; true when it found runs.</summary>
    private bool Tick()
    {
        // Under the lock so a tick never touches a disposed engine, and none comes once the last run left.
        lock (_gate)
        {
            if (!_disposed && _active > 0)
            {
                Interlocked.Increment(ref _epoch);
                _engine.IncrementEpoch();
                return true;
            }

            if (!_disposed)
            {
                _running.Reset();
            }

            return false;
        }
    }
}
