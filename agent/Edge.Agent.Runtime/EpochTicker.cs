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
    // Held by the ticker, Close and Dispose only, never by a guest thread: runs enter and leave
    // lock-free, so a guest thread at the lowest priority, preempted as its run ends, never stops the
    // ticks that end every other guest's run.
    private readonly Lock _gate = new();
    private readonly ManualResetEventSlim _running = new(initialState: false);
    private readonly ManualResetEventSlim _stop = new(initialState: false);
    private readonly Thread _thread;
    private long _epoch;
    private int _active;
    private int _closed;
    private bool _disposed;

    public EpochTicker(Engine engine, TimeSpan tick)
    {
        _engine = engine;
        _tick = tick;
        // Highest where the OS honours it; on Linux the guest threads are the ones moved (GuestThreadPriority).
        _thread = new Thread(Loop) { IsBackground = true, Name = "edge-epoch", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public int Active => Volatile.Read(ref _active);

    public Action? Ticked { get; set; }

    public long Epoch => Interlocked.Read(ref _epoch);

    public void Enter()
    {
        Interlocked.Increment(ref _active);
        if (Volatile.Read(ref _closed) != 0)
        {
            Interlocked.Decrement(ref _active);
            throw new ObjectDisposedException(nameof(EpochTicker));
        }

        // A tick that found no run may be parking the thread now: it looks at the count again after.
        if (!_running.IsSet)
        {
            _running.Set();
        }
    }

    // The ticker parks at its next tick if no run has come by then: back-to-back short runs do not wake its thread each time.
    public void Exit() => Interlocked.Decrement(ref _active);

    public bool Parked => !_running.IsSet;

    /// <summary>Refuses new runs and makes every running guest reach its deadline callback now.</summary>
    public void Close()
    {
        lock (_gate)
        {
            Interlocked.Exchange(ref _closed, 1);
            if (!_disposed)
            {
                _engine.IncrementEpoch();
            }
        }
    }

    /// <summary>True once no run is inside (after <see cref="Close"/>, none can enter); false at <paramref name="timeout"/>.</summary>
    public bool WaitIdle(TimeSpan timeout) => SpinWait.SpinUntil(() => Volatile.Read(ref _active) == 0, timeout);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Interlocked.Exchange(ref _closed, 1);
            _disposed = true;
        }

        _stop.Set();
        _running.Set();
        if (_thread.Join(JoinBound))
        {
            _running.Dispose();
            _stop.Dispose();
        }
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
        // Under the lock so a tick never touches a disposed engine.
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            if (Volatile.Read(ref _active) > 0)
            {
                Interlocked.Increment(ref _epoch);
                _engine.IncrementEpoch();
                return true;
            }

            // Parks; a run that entered while this looked sees the reset or is seen here.
            _running.Reset();
            if (Volatile.Read(ref _active) > 0)
            {
                _running.Set();
            }

            return false;
        }
    }
}
