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
        return Task.FromResult(Run(() => Autoscalers.Apply(request.Name, request.Tenant, request.Spec.ToDomain())).ToProto());
    }

    public override Task<ListAutoscalersResponse> ListAutoscalers(ListAutoscalersRequest request, ServerCallContext context)
    {
        var response = new ListAutoscalersResponse();
        response.Autoscalers.Add(Autoscalers.List().Select(a => a.ToProto()));
        return Task.FromResult(response);
    }

    public override Task<DeleteAutoscalerResponse> DeleteAutoscaler(DeleteAutoscalerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        Run(() =>
        {
            Autoscalers.Delete(request.Name, request.Tenant);
            return true;
        });
        return Task.FromResult(new DeleteAutoscalerResponse { Name = request.Name });
    }

    public override Task<AutoscalerExplanation> ExplainAutoscaler(ExplainAutoscalerRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (status, decisions) = Run(() => Autoscalers.Explain(request.Name));
        var response = new AutoscalerExplanation { Autoscaler = status.ToProto() };
        response.Decisions.Add(decisions.Select(d => d.ToProto()));
        return Task.FromResult(response);
    }
}
