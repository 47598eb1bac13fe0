using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Events;

/// <summary>
/// Writes the event log's changes to the fleet store every flush period and drops events past
/// their retention; at shutdown, ends the watches and writes what is left. A failed write is
/// counted (edge_events_flush_failures_total on /metrics) and tried again at the next pass.
/// </summary>
internal sealed partial class EventFlusher(EventLog log, IOptions<EventOptions> options, TimeProvider time, ILogger<EventFlusher> logger) : PeriodicPass(time)
{
    protected override TimeSpan? Period => options.Value.FlushPeriod;

    protected override void RunPass() => log.Flush();

    protected override void OnPassFailed(Exception exception) => LogFlushFailed(exception);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        log.CloseWatches();
        try
        {
            log.Flush();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFlushFailed(ex);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Writing the event log to the fleet store failed; the events stay in memory and are written at the next flush")]
    private partial void LogFlushFailed(Exception exception);
}
