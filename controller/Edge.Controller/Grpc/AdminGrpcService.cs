using Edge.Controller.Events;
using Edge.Controller.Fleet;
using Edge.Controller.Store;
using Edge.Protos.V1;
using Edge.Scheduling;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>The fleet admin API (what edgectl speaks).</summary>
internal sealed partial class AdminGrpcService(
    FleetState fleet,
    IFleetStore store,
    ModuleCompiler compiler,
    ILogger<AdminGrpcService> logger,
    Telemetry.TelemetrySeriesStore series,
    Identity.IdentityAccess identity,
    IServiceProvider services) : AdminService.AdminServiceBase
{
    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context)
    {
        var response = new ListNodesResponse();
        var scope = TenantScope.OfNodes(context);
        response.Nodes.Add(fleet.ListNodes().Select(n => n.ToProto().InScope(scope)));
        return Task.FromResult(response);
    }

    public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = fleet.GetNode(request.Name)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"node \"{request.Name}\" not found"));
        return Task.FromResult(node.ToProto().InScope(TenantScope.OfNodes(context)));
    }

    public override Task<ApplyWorkloadResponse> ApplyWorkload(ApplyWorkloadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Names.IsDnsLabel(request.Name))
        {
            throw Invalid($"workload name '{request.Name}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        foreach (var key in request.NodeSelector.Keys.Concat(request.Env.Keys))
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw Invalid($"workload {request.Name}: an empty key in nodeSelector or env");
            }
        }

        List<TriggerRecord> triggers;
        WorkloadJobRecord? job;
        try
        {
            triggers = request.Triggers.ToRecords();
            job = request.Job.ToRecord();
        }
        catch (ArgumentException ex)
        {
            throw Invalid($"workload {request.Name}: {ex.Message}");
        }

        var scope = TenantScope.Of(context, request.Tenant);
        var id = scope.Key(request.Name);
        request.Tenant = scope.Tenant;
        var runtime = new WorkloadRecord { Id = request.Name, Pool = request.Pool.ToRecord(), Limits = request.Limits.ToRecord(), Triggers = triggers, Job = job, HttpOutput = request.Http?.Output ?? "" };
        if (RuntimeSpecMapping.Check(runtime) is { Count: > 0 } problems)
        {
            throw Invalid($"workload {request.Name}: {string.Join("; ", problems)}");
        }

        var (wasm, error) = compiler.Compile(request.Module.Span);
        if (wasm is null)
        {
            throw Invalid($"workload {request.Name}: {error}");
        }

        WorkloadPlacementRecord placement;
        try
        {
            placement = request.ToPlacementRecord();
        }
        catch (ArgumentException ex)
        {
            throw Invalid($"workload {request.Name}: {ex.Message}");
        }

        AdminBounds.CheckWorkload(request, placement);
        var digest = Names.DigestOf(wasm);
        store.SaveModule(digest, wasm);
        var result = Run(() => fleet.ApplyWorkload(new WorkloadRecord
        {
            Id = id,
            ModuleDigest = digest,
            ModuleSizeBytes = wasm.Length,
            NodeSelector = new Dictionary<string, string>(request.NodeSelector, StringComparer.Ordinal),
            Env = new Dictionary<string, string>(request.Env, StringComparer.Ordinal),
            Args = [.. request.Args],
            Pool = runtime.Pool,
            Limits = runtime.Limits,
            Triggers = runtime.Triggers,
            Job = runtime.Job,
            HttpOutput = runtime.HttpOutput,
            Placement = placement,
        }));
        LogApplied(id, digest, result.Changed, result.NodesTargeted);
        if (result.Changed)
        {
            fleet.Events.Applied(id, digest, result.NodesTargeted);
        }

        return Task.FromResult(new ApplyWorkloadResponse
        {
            Name = request.Name,
            ModuleDigest = digest,
            Changed = result.Changed,
            NodesTargeted = result.NodesTargeted,
            ReplicasDesired = result.ReplicasDesired,
            ReplicasPlaced = result.ReplicasPlaced,
            Unplaced = result.Unplaced ?? "",
        });
    }

    public override Task<ListWorkloadsResponse> ListWorkloads(ListWorkloadsRequest request, ServerCallContext context)
    {
        var response = new ListWorkloadsResponse();
        var scope = TenantScope.Of(context, request.Tenant, request.AllTenants);
        response.Workloads.Add(fleet.ListWorkloads().Where(w => scope.Sees(w.Workload.Id)).Select(w => w.ToProto()));
        return Task.FromResult(response);
    }

    public override Task<TopNodesResponse> TopNodes(TopNodesRequest request, ServerCallContext context) =>
        Task.FromResult(TelemetryAdmin.TopNodes(series));

    public override Task<TopWorkloadsResponse> TopWorkloads(TopWorkloadsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(TelemetryAdmin.TopWorkloads(series, request.Node).InScope(TenantScope.Of(context, request.Tenant, request.AllTenants)));
    }

    public override Task<QuerySeriesResponse> QuerySeries(QuerySeriesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(QuerySeriesInScope(request, TenantScope.Of(context, request.Tenant)));
    }

    public override Task<DeleteWorkloadResponse> DeleteWorkload(DeleteWorkloadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = TenantScope.Of(context, request.Tenant).Key(request.Name);
        var ended = Run(() => fleet.DeleteWorkload(key));
        return Task.FromResult(new DeleteWorkloadResponse { Name = request.Name, ReplicasEnded = ended });
    }

    public override Task<Workload> ScaleWorkload(ScaleWorkloadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = TenantScope.Of(context, request.Tenant).Key(request.Name);
        return Task.FromResult(Run(() => fleet.ScaleWorkload(key, request.Replicas)).ToProto());
    }

    public override Task<Protos.V1.WorkloadExplanation> ExplainWorkload(ExplainWorkloadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = TenantScope.Of(context, request.Tenant);
        var explanation = Run(() => fleet.ExplainWorkload(scope.Key(request.Name))).ToProto();
        explanation.Name = request.Name;
        explanation.Tenant = scope.Tenant;
        return Task.FromResult(explanation);
    }

    public override Task<Node> LabelNode(LabelNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(() => fleet.LabelNode(request.Name, request.Set, [.. request.Remove])).ToProto());
    }

    public override Task<Node> TaintNode(TaintNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(() => fleet.TaintNode(request.Name, [.. request.Add.Select((t, i) => t.ToDomain($"add[{i}]"))], [.. request.Remove])).ToProto());
    }

    public override Task<Node> CordonNode(CordonNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(() => fleet.CordonNode(request.Name, request.Cordoned)).ToProto());
    }

    public override Task<Node> DrainNode(DrainNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Run(() => fleet.DrainNode(request.Name)).ToProto());
    }

    public override Task<DeleteNodeResponse> DeleteNode(DeleteNodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var moved = Run(() => fleet.DeleteNode(request.Name));
        if (identity.Enabled)
        {
            // A deleted node's certificate is refused at once: its stream ends and it cannot say hello again.
            services.GetRequiredService<Identity.INodeRevocation>().Revoke(request.Name);
        }

        return Task.FromResult(new DeleteNodeResponse { Name = request.Name, ReplicasMoved = moved });
    }

    public override Task<Tenant> ApplyTenant(ApplyTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Names.IsDnsLabel(request.Name))
        {
            throw Invalid($"tenant name '{request.Name}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)");
        }

        var tenant = request.ToRecord();
        AdminBounds.CheckTenant(tenant);
        return Task.FromResult(Run(() => fleet.ApplyTenant(tenant)).ToProto());
    }

    public override Task<ListTenantsResponse> ListTenants(ListTenantsRequest request, ServerCallContext context)
    {
        var response = new ListTenantsResponse();
        var scope = TenantScope.OfNodes(context);
        response.Tenants.Add(fleet.ListTenants().Where(t => !scope.Restricted || t.Tenant.Id == scope.Tenant).Select(t => t.ToProto()));
        return Task.FromResult(response);
    }

    /// <summary>
    /// Runs a fleet operation; its refusals (and bad arguments) become the one matching status.
    /// Anything else reaches <see cref="UnexpectedErrorInterceptor"/>, which makes it Internal with a message.
    /// </summary>
    private static T Run<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (FleetException ex)
        {
            throw new RpcException(new Status(ex.Error switch
            {
                FleetError.Invalid => StatusCode.InvalidArgument,
                FleetError.NotFound => StatusCode.NotFound,
                FleetError.Precondition => StatusCode.FailedPrecondition,
                FleetError.QuotaExceeded => StatusCode.ResourceExhausted,
                _ => StatusCode.Internal,
            }, ex.Message));
        }
        catch (ArgumentException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Workload {Workload} applied: module {Digest}, changed {Changed}, {Nodes} nodes targeted")]
    private partial void LogApplied(string workload, string digest, bool changed, int nodes);
}
