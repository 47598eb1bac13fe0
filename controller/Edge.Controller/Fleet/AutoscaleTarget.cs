using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;

namespace Edge.Controller.Fleet;

/// <summary>What the workload autoscaler needs of its target at one moment, copied under the fleet's lock.</summary>
internal sealed record AutoscaleTarget(
    string Workload,
    string Tenant,
    PlacementMode Mode,
    int CurrentReplicas,
    ResourceAmount Requests,
    QuotaHeadroom Quota,
    IReadOnlyList<AutoscaleReplica> Placed);
