using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>Runs <see cref="HorizontalAutoscalers.Sync"/> every sync period (default 15 s, as kube-controller-manager).</summary>
internal sealed partial class HorizontalAutoscalerLoop(
    HorizontalAutoscalers autoscalers,
    IOptions<HorizontalAutoscalingOptions> options,
    TimeProvider time,
    ILogger<HorizontalAutoscalerLoop> logger) : PeriodicPass(time)
{
    protected override TimeSpan? Period => options.Value.SyncPeriod;

    protected override void RunPass() => autoscalers.Sync();

    protected override void OnPassFailed(Exception exception) => LogPassFailed(exception);

    [LoggerMessage(EventId = 2857, Level = LogLevel.Error, Message = "Workload autoscaler pass failed")]
    private partial void LogPassFailed(Exception exception);
}
