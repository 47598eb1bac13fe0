using Edge.Scheduling.Autoscaling;

namespace Edge.Ctl.Manifests;

/// <summary>A validated <c>kind: WorkloadAutoscaler</c> document: its name, tenant and HPA v2 spec.</summary>
internal sealed record AutoscalerManifest(string Name, string Tenant, AutoscalerSpec Spec)
{
    /// <summary>
    /// The workload series an autoscaler may follow as a Pods (per replica) or External (whole
    /// workload) metric; the controller's telemetry reports these per node and workload. A
    /// workload's own metrics are followed as guest:NAME (<see cref="GuestMetric"/>).
    /// </summary>
    public static IReadOnlyList<string> WorkloadMetrics => WorkloadSeriesNames.All;
}
