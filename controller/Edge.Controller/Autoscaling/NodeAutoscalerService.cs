using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>Runs a node autoscaler pass every scan interval (Cluster Autoscaler's --scan-interval, default 10 s).</summary>
internal sealed class NodeAutoscalerService(NodeAutoscalerLoop loop, IOptions<NodeAutoscalingOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ScanInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    loop.RunOnce();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    loop.LogPassFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
