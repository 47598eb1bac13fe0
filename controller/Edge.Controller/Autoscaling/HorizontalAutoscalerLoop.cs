using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>Runs <see cref="HorizontalAutoscalers.Sync"/> every sync period (default 15 s, as kube-controller-manager).</summary>
internal sealed partial class HorizontalAutoscalerLoop(
    HorizontalAutoscalers autoscalers,
    IOptions<HorizontalAutoscalingOptions> options,
    TimeProvider time,
    ILogger<HorizontalAutoscalerLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SyncPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    autoscalers.Sync();
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

    [LoggerMessage(EventId = 2857, Level = LogLevel.Error, Message = "Workload autoscaler pass failed")]
    private partial void LogPassFailed(Exception exception);
}
