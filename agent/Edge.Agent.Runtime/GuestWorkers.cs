namespace Edge.Agent.Runtime;

/// <summary>
/// The threads guest code runs on: a bounded set of dedicated threads, made as demand needs
/// them up to <see cref="Capacity"/>, never the .NET thread pool. Wasmtime .NET runs a guest
/// synchronously on its caller's thread, so a guest on the pool would hold a pool thread for
/// its whole run and starve timers, gRPC streams and HTTP. Work beyond the threads free waits
/// here in order; callers await a completion that resumes on the thread pool, never on a guest thread.
/// Guest threads run at a lower scheduling priority (<see cref="GuestThreadPriority"/>).
/// </summary>
internal sealed class GuestWorkers : IDisposable
{
    private readonly Queue<IGuestWork> _queue = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Lock _gate = new();
    private readonly List<Thread> _threads = [];
    private readonly string _name;
    private int _busy;
    private bool _disposed;

    public GuestWorkers(int capacity, string name = "edge-guest")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _name = name;
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

    /// <summary>True on one of these threads (a run must never wait on another run from here).</summary>
    [ThreadStatic]
    private static bool t_onGuestThread;

    public static bool OnGuestThread => t_onGuestThread;

    /// <summary>Runs <paramref name="work"/> on a guest thread; the task completes on the thread pool.</summary>
    public Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new GuestWork<T>(work);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(item);
            // Exact under the lock: each thread holds at most one piece of work.
            if (_queue.Count + _busy > _threads.Count && _threads.Count < Capacity)
            {
                StartThread();
            }
        }

        _ready.Release();
        return item.Task;
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own at guest priority, outside the bounded
    /// set (compiling a module and a job's first run at start must not wait behind busy guests).
    /// </summary>
    public static Task<T> RunDedicatedAsync<T>(Func<T> work, string name)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new GuestWork<T>(work);
        var thread = new Thread(() =>
        {
            t_onGuestThread = true;
            GuestThreadPriority.LowerCurrentThread();
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
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        // Wake every thread so each sees the set is closed; work still queued fails.
        List<IGuestWork> left;
        lock (_gate)
        {
            left = [.. _queue];
            _queue.Clear();
        }

        _ready.Release(Math.Max(1, Threads));
        left.ForEach(l => l.Abandon());
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
        while (true)
        {
            _ready.Wait();
            IGuestWork? item;
            lock (_gate)
            {
                if (_disposed)
                {
                    _ready.Release(); // pass the wake on to the next thread
                    return;
                }

                if (!_queue.TryDequeue(out item))
                {
                    continue;
                }

                _busy++;
            }

            try
            {
                item.Execute();
            }
            finally
            {
                lock (_gate)
                {
                    _busy--;
                }
            }
        }
    }

    private interface IGuestWork
    {
        void Execute();

        void Abandon();
    }

    private sealed class GuestWork<T>(Func<T> work) : IGuestWork
    {
        // Continuations run on the thread pool, so a caller's code never runs on a guest thread.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _done.Task;

        public void Execute()
        {
            try
            {
                _done.TrySetResult(work());
            }
            catch (OperationCanceledException ex)
            {
                _done.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                _done.TrySetException(ex);
            }
        }

        public void Abandon() => _done.TrySetException(new ObjectDisposedException(nameof(GuestWorkers)));
    }
}
