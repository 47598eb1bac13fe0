using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Protos.V1;
using Edge.Scheduling.Bounds;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>
/// The documented bounds (<see cref="ManifestBounds"/>, the table edgectl checks too) at the admin
/// API, before anything is compiled, stored or placed: any gRPC client gets InvalidArgument naming
/// every field out of bounds and the bound.
/// </summary>
internal static class AdminBounds
{
    public static void CheckWorkload(ApplyWorkloadRequest request, WorkloadPlacementRecord placement)
    {
        ArgumentNullException.ThrowIfNull(request);
        var candidate = new WorkloadRecord
        {
            Id = request.Name,
            NodeSelector = new Dictionary<string, string>(request.NodeSelector, StringComparer.Ordinal),
            Placement = placement,
        };
        ThrowIfAny($"workload {request.Name}", ManifestBounds.CheckWorkload(candidate.ToPlacement(), request.Env, request.Args));
    }

    public static void CheckTenant(TenantRecord tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ThrowIfAny($"tenant {tenant.Id}", ManifestBounds.CheckQuota(tenant.ToQuota()));
        ThrowIfAny($"tenant {tenant.Id}", [.. Edge.Agent.Core.ExtendedResourceRules.Problems(tenant.Extended).Select(p => ("spec.quota requests", p))]);
    }

    private static void ThrowIfAny(string what, IReadOnlyList<(string Field, string Problem)> problems)
    {
        if (problems.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"{what}: {string.Join("; ", problems.Select(p => $"{p.Field} {p.Problem}"))}"));
        }
    }
}
