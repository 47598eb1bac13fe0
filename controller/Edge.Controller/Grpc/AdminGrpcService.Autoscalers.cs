using Edge.Controller.Autoscaling;
using Edge.Protos.V1;
using Edge.Shared;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>The workload autoscaler RPCs (edgectl autoscale, get/delete/explain autoscaler).</summary>
internal sealed partial class AdminGrpcService
{
    private HorizontalAutoscalers Autoscalers => services.GetRequiredService<HorizontalAutoscalers>();

    public override Task<Autoscaler> ApplyAutoscaler(ApplyAutoscalerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = TenantScope.Of(context, request.Tenant);
        var spec = Run(() => request.Spec.ToDomain());
        var key = scope.Key(request.Name, "autoscaler");
        return Task.FromResult(Run(() => Autoscalers.Apply(key, scope.Tenant, spec with { Workload = scope.Key(spec.Workload) })).ToProto());
    }

    public override Task<ListAutoscalersResponse> ListAutoscalers(ListAutoscalersRequest request, ServerCallContext context)
    {
        var response = new ListAutoscalersResponse();
        var scope = TenantScope.Of(context, request.Tenant, request.AllTenants);
        response.Autoscalers.Add(Autoscalers.List().Where(a => scope.Sees(a.Record.Id)).Select(a => a.ToProto()));
        return Task.FromResult(response);
    }

    public override Task<DeleteAutoscalerResponse> DeleteAutoscaler(DeleteAutoscalerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = TenantScope.Of(context, request.Tenant);
        var key = scope.Key(request.Name, "autoscaler");
        Run(() =>
        {
            Autoscalers.Delete(key, scope.Tenant);
            return true;
        });
        return Task.FromResult(new DeleteAutoscalerResponse { Name = request.Name });
    }

    public override Task<AutoscalerExplanation> ExplainAutoscaler(ExplainAutoscalerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = TenantScope.Of(context, request.Tenant).Key(request.Name, "autoscaler");
        var (status, decisions) = Run(() => Autoscalers.Explain(key));
        var response = new AutoscalerExplanation { Autoscaler = status.ToProto() };
        response.Decisions.Add(decisions.Select(d => d.ToProto()));
        return Task.FromResult(response);
    }
}
