using System.Diagnostics;

namespace Edge.Agent.Runtime;

/// <summary>
/// The threads guest code runs on: a bounded set of dedicated threads, made as demand needs
/// them up to <see cref="Capacity"/>, never the .NET thread pool. Wasmtime .NET runs a guest
/// synchronously on its caller's thread, so a guest on the pool would hold a pool thread for
/// its whole run and starve timers, gRPC streams and HTTP. Work beyond the threads free waits
/// here in order; callers await a completion that resumes on the thread pool, never on a guest thread.
/// Guest threads run at a lower scheduling priority (<see cref="GuestThreadPriority"/>).
/// <para>
/// The hand-off is what a short run costs beyond the guest, so both sides wait a little before
/// they sleep: a guest thread that finished its work looks for more for <see cref="IdleSpin"/>
/// before it parks (waking a parked thread costs tens of µs on a busy machine), and a caller
/// whose work a thread took at once watches for the answer for up to <see cref="CallerSpin"/>
/// while recent runs have been that short, so the answer needs no hop back through the thread
/// pool. A run that takes longer is awaited as before. Work a run leaves behind (freeing its
/// store, refilling its pool) goes in <see cref="TryDefer"/> and runs on the same thread after
/// the answer is handed back.
/// </para>
/// </summary>
internal sealed class GuestWorkers : IDisposable
{
    /// <summary>How long an idle guest thread looks for new work before it parks.</summary>
    public static readonly TimeSpan IdleSpin = TimeSpan.FromMicroseconds(200);

    /// <summary>How long a caller watches for its answer before it awaits (only while recent runs were this short).</summary>
    public static readonly TimeSpan CallerSpin = TimeSpan.FromMicroseconds(100);

    private static readonly long IdleSpinTicks = (long)(IdleSpin.TotalSeconds * Stopwatch.Frequency);
    private static readonly long CallerSpinTicks = (long)(CallerSpin.TotalSeconds * Stopwatch.Frequency);

    // Spinning pays only when another core can run the other side meanwhile.
    private static readonly bool MultiCore = Environment.ProcessorCount > 1;

    private readonly Queue<IGuestWork> _queue = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Lock _gate = new();
    private readonly List<Thread> _threads = [];
    private readonly string _name;
    private int _busy;
    private int _queued;
    private int _spinning;
    private int _parked;
    private int _waking;
    private long _recentRunTicks = long.MaxValue;
    private bool _disposed;

    private readonly Func<int, bool> _restore;

    /// <param name="capacity">Most threads this set ever has.</param>
    /// <param name="name">The threads' name prefix.</param>
    /// <param name="restore">Moves a demoted thread back to a guest's class (tests pass one the kernel refuses).</param>
    public GuestWorkers(int capacity, string name = "edge-guest", Func<int, bool>? restore = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _name = name;
        _restore = restore ?? GuestThreadPriority.RestoreGuest;
    }

    /// <summary>Most threads this set ever has.</summary>
    public int Capacity { get; }

    /// <summary>Threads made so far.</summary>
    public int Threads
    {
        get
        {
            lock (_gate)
            {
                return _threads.Count;
            }
        }
    }

    /// <summary>Threads of this set still alive (all leave once it is disposed).</summary>
    public int AliveThreads
    {
        get
        {
            lock (_gate)
            {
                return _threads.Count(t => t.IsAlive);
            }
        }
    }

    /// <summary>Guest work running now.</summary>
    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Work waiting for a free thread.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Threads parked now (an idle set parks every thread once <see cref="IdleSpin"/> has passed).</summary>
    public int Parked
    {
        get
        {
            lock (_gate)
            {
                return _parked;
            }
        }
    }

    /// <summary>True on one of these threads (a run must never wait on another run from here).</summary>
    [ThreadStatic]
    private static bool t_onGuestThread;

    // This thread's entry in its set (null off the set's threads).
    [ThreadStatic]
    private static Worker? t_worker;

    [ThreadStatic]
    private static GuestWorkers? t_owner;

    // Work deferred by the run in progress on this thread; null outside a run.
    [ThreadStatic]
    private static List<Action>? t_deferred;

    [ThreadStatic]
    private static List<Action>? t_deferredList;

    public static bool OnGuestThread => t_onGuestThread;

    /// <summary>
    /// On a guest thread inside a run: queues <paramref name="action"/> to run on this thread once
    /// the run's answer has been handed back, and returns true. Elsewhere returns false and does nothing.
    /// </summary>
    public static bool TryDefer(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (t_deferred is not { } deferred)
        {
            return false;
        }

        deferred.Add(action);
        return true;
    }

    /// <summary>Runs <paramref name="work"/> on a guest thread; the task completes on the thread pool.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new GuestWork<T>(work, this);
        bool taken;
        var wake = false;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(item);
            Volatile.Write(ref _queued, _queue.Count);
            (taken, wake) = CoverQueuedLocked();
        }

        if (wake)
        {
            _ready.Release();
        }

        if (taken && MultiCore && !t_onGuestThread && Interlocked.Read(ref _recentRunTicks) <= CallerSpinTicks)
        {
            // Watched, not awaited: the answer then needs no thread-pool hop to reach the caller.
            var until = Stopwatch.GetTimestamp() + CallerSpinTicks;
            var spin = default(SpinWait);
            while (!item.Task.IsCompleted && Stopwatch.GetTimestamp() < until)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }

        return item.Task;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own, outside the bounded set (compiling a
    /// module and a job's first run at start must not wait behind busy guests). It starts at the
    /// process's priority: the work lowers it (<see cref="GuestThreadPriority"/>) before guest code runs.
    /// </summary>
    public static Task<T> RunDedicatedAsync<T>(Func<T> work, string name)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new GuestWork<T>(work, owner: null);
        var thread = new Thread(() =>
        {
            t_onGuestThread = true;
            item.Execute();
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return item.Task;
    }

    public void Dispose()
    {
        List<IGuestWork> left;
        int threads;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            left = [.. _queue];
            _queue.Clear();
            Volatile.Write(ref _queued, 0);
            threads = _threads.Count;
        }

        // Wake every thread so each sees the set is closed; work still queued fails.
        _ready.Release(Math.Max(1, threads));
        left.ForEach(l => l.Abandon());
    }

    /// <summary>
    /// Under the gate: when queued work outnumbers the threads spinning or waking to take it, wakes a
    /// parked thread (the caller releases <see cref="_ready"/> when told to) or makes one while under
    /// capacity. Taken is false when the work must wait for a busy thread.
    /// </summary>
    private (bool Taken, bool Wake) CoverQueuedLocked()
    {
        if (_queue.Count - _spinning - _waking <= 0)
        {
            return (true, false);
        }

        if (_parked > 0)
        {
            _parked--;
            _waking++;
            return (true, true);
        }

        if (_threads.Count < Capacity)
        {
            _waking++;
            StartThread();
            return (true, false);
        }

        return (false, false);
    }

    /// <summary>How long a run goes on before its thread is moved to the idle class (at the next epoch tick).</summary>
    public static readonly TimeSpan DemoteAfter = TimeSpan.FromMilliseconds(1);

    private static readonly long DemoteAfterTicks = (long)(DemoteAfter.TotalSeconds * Stopwatch.Frequency);

    // Copy-on-write, so the epoch ticker reads it without the gate: a demoted guest thread preempted
    // while it holds the gate must not stop the ticks that end every other guest's run.
    private Worker[] _workers = [];
    private long _demotions;

    private long _restores;

    /// <summary>Guest threads moved to the idle class so far.</summary>
    public long Demotions => Interlocked.Read(ref _demotions);

    /// <summary>Demoted threads moved back to a guest's class once their guest returned (the rest left the set).</summary>
    public long Restores => Interlocked.Read(ref _restores);

    /// <summary>
    /// On a guest thread: what runs now is the agent's own setting up of a run, not guest code, so it
    /// does not count towards a move to the idle class (<see cref="EnteringGuest"/> starts that clock).
    /// Work that never says so counts from its start. Elsewhere does nothing.
    /// </summary>
    public static void OutsideGuest()
    {
        if (t_worker is { } worker)
        {
            Volatile.Write(ref worker.RunStarted, 0);
        }
    }

    /// <summary>On a guest thread: guest code begins now; a run that goes on past <see cref="DemoteAfter"/> from here is moved.</summary>
    public static void EnteringGuest()
    {
        if (t_worker is { } worker)
        {
            Volatile.Write(ref worker.RunStarted, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>
    /// Called on a guest thread as soon as guest code has returned (or trapped): a thread the ticker
    /// demoted goes back to a guest's class before the run's end is handled. Elsewhere does nothing.
    /// </summary>
    public static void GuestReturned()
    {
        if (t_worker is not { } worker)
        {
            return;
        }

        // No longer a long run: the ticker must not demote the thread again while the run's end is handled.
        Volatile.Write(ref worker.RunStarted, 0);
        if (worker.Demoted)
        {
            t_owner!.TryRestore(worker);
        }
    }

    /// <summary>True when the demoted <paramref name="worker"/> (the calling thread) is back in a guest's class.</summary>
    private bool TryRestore(Worker worker)
    {
        if (!_restore(worker.Tid))
        {
            return false;
        }

        worker.Demoted = false;
        Interlocked.Increment(ref _restores);
        return true;
    }

    /// <summary>
    /// Moves the threads of runs that have gone on for <see cref="DemoteAfter"/> to Linux's idle class
    /// (<see cref="GuestThreadPriority"/>): called by the epoch ticker at each tick while guests run.
    /// </summary>
    public void DemoteLongRuns()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var worker in Volatile.Read(ref _workers))
        {
            var started = Volatile.Read(ref worker.RunStarted);
            if (!worker.Demoted && started != 0 && now - started >= DemoteAfterTicks && GuestThreadPriority.DemoteToIdle(worker.Tid))
            {
                worker.Demoted = true;
                Interlocked.Increment(ref _demotions);
            }
        }
    }

    /// <summary>One guest thread: its kernel id, when its current run began (0: none), whether it was demoted.</summary>
    private sealed class Worker(int tid)
    {
        public readonly int Tid = tid;
        public long RunStarted;
        public volatile bool Demoted;
    }

    /// <summary>A demoted thread that cannot leave the idle class leaves the set after its run; queued work gets another.</summary>
    private void Retire(Worker worker)
    {
        bool wake;
        lock (_gate)
        {
            Volatile.Write(ref _workers, [.. _workers.Where(w => w != worker)]);
            _threads.Remove(Thread.CurrentThread);
            wake = !_disposed && CoverQueuedLocked().Wake;
        }

        if (wake)
        {
            _ready.Release();
        }
    }

    private void StartThread()
    {
        var thread = new Thread(Loop)
        {
            IsBackground = true,
            Name = $"{_name}-{_threads.Count + 1}",
        };
        _threads.Add(thread);
        thread.Start();
    }

    private void Loop()
    {
        t_onGuestThread = true;
        GuestThreadPriority.LowerCurrentThread();
        var worker = new Worker(GuestThreadPriority.CurrentThreadId());
        t_worker = worker;
        t_owner = this;
        lock (_gate)
        {
            Volatile.Write(ref _workers, [.. _workers, worker]);
        }

        var woken = true; // a new thread was counted as waking
        while (true)
        {
            IGuestWork? item;
            lock (_gate)
            {
                if (woken)
                {
                    _waking--;
                    woken = false;
                }

                if (_disposed)
                {
                    return;
                }

                item = Take();
                if (item is null)
                {
                    _spinning++;
                }
            }

            if (item is null && !SpinForWork(out item))
            {
                _ready.Wait();
                woken = true;
                continue;
            }

            Volatile.Write(ref worker.RunStarted, Stopwatch.GetTimestamp());
            try
            {
                item!.Execute();
            }
            finally
            {
                Volatile.Write(ref worker.RunStarted, 0);
                Interlocked.Decrement(ref _busy);
            }

            if (worker.Demoted && !TryRestore(worker))
            {
                Retire(worker);
                return;
            }
        }
    }

    /// <summary>
    /// Looks for work for <see cref="IdleSpin"/>; true with the work taken, false when the thread
    /// is to park (then counted as parked). Counted as spinning on entry.
    /// </summary>
    private bool SpinForWork(out IGuestWork? item)
    {
        var until = Stopwatch.GetTimestamp() + IdleSpinTicks;
        var spin = default(SpinWait);
        while (true)
        {
            var last = !MultiCore || Stopwatch.GetTimestamp() >= until;
            if (last || Volatile.Read(ref _queued) > 0 || Volatile.Read(ref _disposed))
            {
                lock (_gate)
                {
                    item = _disposed ? null : Take();
                    if (item is not null || last || _disposed)
                    {
                        _spinning--;
                        if (item is null)
                        {
                            _parked++;
                        }

                        return item is not null;
                    }
                }
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>The next piece of work, counted busy; under the gate.</summary>
    private IGuestWork? Take()
    {
        if (!_queue.TryDequeue(out var item))
        {
            return null;
        }

        Volatile.Write(ref _queued, _queue.Count);
        Interlocked.Increment(ref _busy);
        return item;
    }

    /// <summary>A moving average of run times: callers watch for answers only while runs are short.</summary>
    private void NoteRun(long ticks)
    {
        var recent = Interlocked.Read(ref _recentRunTicks);
        Interlocked.Exchange(ref _recentRunTicks, recent == long.MaxValue ? ticks : recent + ((ticks - recent) / 8));
    }

    private interface IGuestWork
    {
        void Execute();

        void Abandon();
    }

    private sealed class GuestWork<T>(Func<T> work, GuestWorkers? owner) : IGuestWork
    {
        // Continuations run on the thread pool, so a caller's code never runs on a guest thread.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _done.Task;

        public void Execute()
        {
            var deferred = t_deferred = t_deferredList ??= [];
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = work();
                owner?.NoteRun(Stopwatch.GetTimestamp() - started);
                _done.TrySetResult(result);
            }
            catch (OperationCanceledException ex)
            {
                _done.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                _done.TrySetException(ex);
            }
            finally
            {
                t_deferred = null;
            }

            // After the answer: what the run left behind is not part of it. A failure here has no
            // caller left to tell (as when this work was queued on its own) and must not end the thread.
            for (var i = 0; i < deferred.Count; i++)
            {
                try
                {
                    deferred[i]();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _ = ex;
                }
            }

            deferred.Clear();
        }

        public void Abandon() => _done.TrySetException(new ObjectDisposedException(owner is null ? "guest thread" : nameof(GuestWorkers)));
    }
}
