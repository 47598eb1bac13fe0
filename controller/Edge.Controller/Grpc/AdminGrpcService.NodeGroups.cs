using Edge.Controller.Autoscaling;
using Edge.Protos.V1;
using Edge.Scheduling;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>Node groups and the node autoscaler's explanations (edgectl apply/get/delete/explain nodegroup, explain node).</summary>
internal sealed partial class AdminGrpcService
{
    public override Task<NodeGroupInfo> ApplyNodeGroup(ApplyNodeGroupRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Names.IsDnsLabel(request.Name))
        {
            throw Invalid($"node group name '{request.Name}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        return Task.FromResult(Run(() => NodeAutoscaler.ApplyGroup(request.ToRecord())).ToProto());
    }

    public override Task<ListNodeGroupsResponse> ListNodeGroups(ListNodeGroupsRequest request, ServerCallContext context)
    {
        var response = new ListNodeGroupsResponse();
        response.Groups.Add(NodeAutoscaler.ListGroups().Select(g => g.ToProto()));
        return Task.FromResult(response);
    }

    public override Task<DeleteNodeGroupResponse> DeleteNodeGroup(DeleteNodeGroupRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deleted = Run(() => NodeAutoscaler.DeleteGroup(request.Name));
        return Task.FromResult(new DeleteNodeGroupResponse { Name = request.Name, NodesLeft = deleted.Nodes });
    }

    public override Task<Protos.V1.NodeGroupExplanation> ExplainNodeGroup(ExplainNodeGroupRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(() => NodeAutoscaler.ExplainGroup(request.Name)).ToProto().InScope(TenantScope.OfNodes(context)));
    }

    public override Task<Protos.V1.NodeScaleDownExplanation> ExplainNodeScaleDown(ExplainNodeScaleDownRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(() => NodeAutoscaler.ExplainNode(request.Name)).ToProto().InScope(TenantScope.OfNodes(context)));
    }

    private NodeAutoscalerLoop NodeAutoscaler => services.GetRequiredService<NodeAutoscalerLoop>();
}
