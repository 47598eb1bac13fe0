namespace Edge.Agent.Runtime;

/// <summary>
/// State of one guest run: its captured output and its epoch-deadline callback.
/// The store's deadline is one tick ahead; every tick the callback decides
/// whether the guest goes on, so a timeout, a cancelled token and runtime
/// shutdown all interrupt it within one tick.
/// </summary>
internal sealed class GuestRun(
    int maxOutputBytes,
    EpochTicker ticker,
    long startEpoch,
    long deadlineTicks,
    CancellationToken cancellationToken,
    CancellationToken shutdownToken)
{
    public BoundedOutput Stdout { get; } = new(maxOutputBytes);

    public BoundedOutput Stderr { get; } = new(maxOutputBytes);

    public bool TimedOut { get; private set; }

    public bool Canceled { get; private set; }

    public bool ShutDown { get; private set; }

    /// <summary>Matches Wasmtime's Store.EpochDeadlineCallback; runs on the guest's thread.</summary>
    public ulong OnEpochDeadline(Wasmtime.Store store)
    {
        if (shutdownToken.IsCancellationRequested)
        {
            ShutDown = true;
            throw new OperationCanceledException(shutdownToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            Canceled = true;
            throw new OperationCanceledException(cancellationToken);
        }

        if (ticker.Epoch - startEpoch >= deadlineTicks)
        {
            TimedOut = true;
            throw new TimeoutException();
        }

        return 1;
    }
}
