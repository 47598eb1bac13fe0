namespace Edge.Controller.Hosting;

/// <summary>
/// A background loop that runs one pass every period on the given clock (tests drive it with a
/// fake one). A pass that throws is reported and the loop goes on with the next tick; only the
/// host's shutdown ends it.
/// </summary>
internal abstract class PeriodicPass(TimeProvider time) : BackgroundService
{
    /// <summary>The period between passes; null = this loop is switched off.</summary>
    protected abstract TimeSpan? Period { get; }

    protected abstract void RunPass();

    protected abstract void OnPassFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Period is not { } period)
        {
            return;
        }

        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    RunPass();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    OnPassFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
