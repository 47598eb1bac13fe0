using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Edge.Scheduling;
using Edge.Scheduling.Autoscaling;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>Vertical scaling: resize a workload in place, recommend a reservation from usage.</summary>
internal sealed partial class AdminGrpcService
{
    public override Task<Workload> ResizeWorkload(ResizeWorkloadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = TenantScope.Of(context, request.Tenant).Key(request.Name);
        var view = Run(() => fleet.ResizeWorkload(
            key,
            request.HasCpuMillicores ? request.CpuMillicores : null,
            request.HasMemoryBytes ? request.MemoryBytes : null));
        return Task.FromResult(view.ToProto());
    }

    public override Task<WorkloadRecommendation> RecommendWorkload(RecommendWorkloadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = TenantScope.Of(context, request.Tenant);
        var view = Run(() => fleet.GetWorkload(scope.Key(request.Name)));
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var options = new VerticalOptions();
        var record = view.Workload;
        var current = new ResourceAmount(record.Placement.CpuMillis, record.Placement.MemoryBytes);
        var replicasOn = fleet.AutoscaleTargetOf(record.Id)?.Placed.GroupBy(r => r.Node, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var usage = ReplicaUsage.Samples(series, record.Id, record.Limits?.MemoryBytes ?? 0, now - options.History, replicasOn);
        var samples = usage.Samples;
        var decision = VerticalRecommender.Recommend(current, samples, options, now);
        var response = new WorkloadRecommendation
        {
            Name = request.Name,
            Tenant = scope.Tenant,
            Current = new Resources { CpuMillicores = current.CpuMillis, MemoryBytes = current.MemoryBytes },
            WorthResizing = decision.WorthResizing,
            Samples = samples.Count,
        };
        if (decision.Recommended is { } r)
        {
            response.Recommended = new Resources { CpuMillicores = r.CpuMillis, MemoryBytes = r.MemoryBytes };
        }

        response.Reasons.Add(decision.Reasons);
        response.Reasons.Add(usage.Reasons());
        return Task.FromResult(response);
    }
}
