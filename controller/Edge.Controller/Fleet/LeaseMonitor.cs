using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Fleet;

/// <summary>
/// The node lifecycle loop: every lease-check period, marks nodes Disconnected when their
/// heartbeats stop, then runs <see cref="FleetState.RunLifecycle"/> (replicas past their
/// lostAfter are replaced, drains advance).
/// </summary>
internal sealed partial class LeaseMonitor(
    FleetState fleet,
    IOptions<ControllerOptions> options,
    TimeProvider time,
    ILogger<LeaseMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseCheckPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    fleet.CheckLeases();
                    fleet.RunLifecycle();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Error, Message = "Node lease check or lifecycle pass failed")]
    private partial void LogCheckFailed(Exception exception);
}
