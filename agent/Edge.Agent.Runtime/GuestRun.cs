namespace Edge.Agent.Runtime;

/// <summary>
/// State of one guest run: its captured output and its epoch-deadline callback.
/// The store's deadline is one tick ahead; every tick the callback decides whether the guest
/// goes on. The time budget is read from the clock, not counted in ticks, so a tick that comes
/// late (a loaded machine) stops the guest at the next tick after its budget, never a budget
/// of ticks later. A timeout, a cancelled token and runtime shutdown all interrupt it within one tick.
/// </summary>
internal sealed class GuestRun(
    int maxOutputBytes,
    TimeProvider time,
    long startTimestamp,
    TimeSpan timeout,
    CancellationToken cancellationToken,
    CancellationToken shutdownToken)
{
    public BoundedOutput Stdout { get; } = new(maxOutputBytes);

    public BoundedOutput Stderr { get; } = new(maxOutputBytes);

    private ReadOnlyMemory<byte> _stdin;

    /// <summary>The request's body, read by the guest from descriptor 0 (<see cref="StandardStreams"/>).</summary>
    public ReadOnlyMemory<byte> Stdin
    {
        init => _stdin = value;
    }

    /// <summary>Copies the next unread bytes of stdin into <paramref name="destination"/>; 0 at the end.</summary>
    public int ReadStdin(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _stdin.Length);
        _stdin.Span[..count].CopyTo(destination);
        _stdin = _stdin[count..];
        return count;
    }

    public bool TimedOut { get; private set; }

    public bool Canceled { get; private set; }

    public bool ShutDown { get; private set; }

    /// <summary>True once the guest wrote more than its output budget; the next tick stops it.</summary>
    public bool OutputExceeded => Stdout.Truncated || Stderr.Truncated || LogsExceeded;

    /// <summary>Lines the guest sent through the edge.log host function, within the output budget.</summary>
    public List<(int Level, string Line)> Logs { get; } = [];

    public bool LogsExceeded { get; private set; }

    private int _logBytes;

    /// <summary>Keeps a log line while the run's logs stay within the output budget.</summary>
    public void AddLog(int level, string line)
    {
        _logBytes += line.Length;
        if (_logBytes > maxOutputBytes)
        {
            LogsExceeded = true;
            return;
        }

        Logs.Add((level, line));
    }

    public int MaxOutputBytes => maxOutputBytes;

    /// <summary>Custom metrics the guest sent through the edge.metric host function, summed per name.</summary>
    public Dictionary<string, double> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>True once the run has had its whole time budget.</summary>
    public bool BudgetSpent => time.GetElapsedTime(startTimestamp) >= timeout;

    /// <summary>
    /// Matches Wasmtime's Store.EpochDeadlineCallback; runs on the guest's thread. A run it stops
    /// leaves the idle class first (<see cref="GuestWorkers.GuestReturned"/>): throwing and unwinding
    /// to the run's end is managed work that must not wait behind spinning guests.
    /// </summary>
    public ulong OnEpochDeadline(Wasmtime.Store store)
    {
        if (shutdownToken.IsCancellationRequested)
        {
            ShutDown = true;
            GuestWorkers.GuestReturned();
            throw new OperationCanceledException(shutdownToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Canceled = true;
            GuestWorkers.GuestReturned();
            throw new OperationCanceledException(cancellationToken);
        }

        if (OutputExceeded)
        {
            GuestWorkers.GuestReturned();
            throw new InvalidOperationException("output limit exceeded");
        }

        if (BudgetSpent)
        {
            TimedOut = true;
            GuestWorkers.GuestReturned();
            throw new TimeoutException();
        }

        return 1;
    }
}
