using Edge.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Autoscaling;

/// <summary>Runs a node autoscaler pass every scan interval (Cluster Autoscaler's --scan-interval, default 10 s).</summary>
internal sealed class NodeAutoscalerService(NodeAutoscalerLoop loop, IOptions<NodeAutoscalingOptions> options, TimeProvider time)
    : PeriodicPass(time)
{
    protected override TimeSpan? Period => options.Value.Enabled ? options.Value.ScanInterval : null;

    protected override void RunPass() => loop.RunOnce();

    protected override void OnPassFailed(Exception exception) => loop.LogPassFailed(exception);
}
