using System.ComponentModel.DataAnnotations;

namespace Edge.Controller.Autoscaling;

/// <summary>Settings of the workload autoscaler loop, under "Controller:Autoscaling" (docs/autoscaling.md).</summary>
internal sealed class HorizontalAutoscalingOptions
{
    public const string Section = "Controller:Autoscaling";

    /// <summary>How often every autoscaler is evaluated (kube-controller-manager's --horizontal-pod-autoscaler-sync-period).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Controller:Autoscaling:SyncPeriod must be between 100 ms and 1 h")]
    public TimeSpan SyncPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Metrics are the average of the samples of this last window (metrics-server's resolution is 1 min too).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Controller:Autoscaling:MetricWindow must be between 1 s and 1 h")]
    public TimeSpan MetricWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Scaling decisions kept per autoscaler for explain.</summary>
    [Range(1, 1000, ErrorMessage = "Controller:Autoscaling:DecisionHistory must be between 1 and 1000")]
    public int DecisionHistory { get; set; } = 20;
}
