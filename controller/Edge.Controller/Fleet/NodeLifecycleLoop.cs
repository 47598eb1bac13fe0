using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Fleet;

/// <summary>
/// The node lifecycle loop: every lease-check period, replaces replicas whose Disconnected
/// node is past their lostAfter and moves drained nodes' replicas (see <see cref="FleetState.RunLifecycle"/>).
/// </summary>
internal sealed partial class NodeLifecycleLoop(
    FleetState fleet,
    IOptions<ControllerOptions> options,
    TimeProvider time,
    ILogger<NodeLifecycleLoop> logger) : BackgroundService
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
                    fleet.RunLifecycle();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPassFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1650, Level = LogLevel.Error, Message = "Node lifecycle pass failed")]
    private partial void LogPassFailed(Exception exception);
}
