using Edge.Controller.Rollouts;
using Edge.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Edge.Controller.Grpc;

/// <summary>ListRevisions and UndoWorkload: a workload's revision history and going back to one (edgectl rollout history|undo).</summary>
internal sealed partial class AdminGrpcService
{
    public override Task<ListRevisionsResponse> ListRevisions(ListRevisionsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = TenantScope.Of(context, request.Tenant);
        var key = scope.Key(request.Name);
        _ = CurrentOf(key);
        var revisions = fleet.Revisions.Of(key);
        var response = new ListRevisionsResponse { Name = request.Name, Tenant = scope.Tenant };
        response.Revisions.Add(revisions.Select(r => ToProto(r, r.Number == revisions[^1].Number)));
        return Task.FromResult(response);
    }

    public override Task<UndoWorkloadResponse> UndoWorkload(UndoWorkloadRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scope = TenantScope.Of(context, request.Tenant);
        var key = scope.Key(request.Name);
        if (request.ToRevision < 0)
        {
            throw Invalid($"to_revision {request.ToRevision} is negative (0 = the one before the current)");
        }

        var current = CurrentOf(key);
        var revisions = fleet.Revisions.Of(key);
        var kept = string.Join(", ", revisions.Select(r => r.Number));
        WorkloadRevision target;
        if (request.ToRevision == 0)
        {
            target = revisions.Count >= 2
                ? revisions[^2]
                : throw new RpcException(new Status(StatusCode.FailedPrecondition, $"workload {request.Name} has no revision before the current one (kept: {(kept.Length == 0 ? "none" : kept)})"));
        }
        else
        {
            target = revisions.FirstOrDefault(r => r.Number == request.ToRevision)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"revision {request.ToRevision} of workload {request.Name} is not kept (kept: {(kept.Length == 0 ? "none" : kept)})"));
        }

        var currentNumber = revisions[^1].Number;
        if (target.TemplateText == revisions[^1].TemplateText)
        {
            return Task.FromResult(new UndoWorkloadResponse { Name = request.Name, FromRevision = target.Number, Revision = currentNumber, ModuleDigest = current.ModuleDigest, Changed = false });
        }

        if (!store.HasModule(target.Template.ModuleDigest))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"revision {target.Number}'s module {target.Template.ModuleDigest} is no longer in the fleet store; apply its manifest again"));
        }

        // The revision's template over the current placement and replica count, as a Deployment's rollback.
        var record = current.Copy();
        var t = target.Template;
        (record.ModuleDigest, record.ModuleSizeBytes, record.Env, record.Args) = (t.ModuleDigest, t.ModuleSizeBytes, t.Env, t.Args);
        (record.Pool, record.Limits, record.Triggers, record.Job, record.HttpOutput) = (t.Pool, t.Limits?.Copy(), t.Triggers, t.Job, t.HttpOutput);
        var result = Run(() => fleet.ApplyWorkload(record));
        return Task.FromResult(new UndoWorkloadResponse
        {
            Name = request.Name,
            FromRevision = target.Number,
            Revision = fleet.Revisions.Of(key) is { Count: > 0 } after ? after[^1].Number : 0,
            ModuleDigest = record.ModuleDigest,
            NodesTargeted = result.NodesTargeted,
            Changed = result.Changed,
        });
    }

    private Store.WorkloadRecord CurrentOf(string key) =>
        fleet.ListWorkloads().FirstOrDefault(w => w.Workload.Id == key)?.Workload
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"workload {Edge.Scheduling.WorkloadKeys.Describe(key)} not found"));

    private static Revision ToProto(WorkloadRevision r, bool current)
    {
        var proto = new Revision
        {
            Number = r.Number,
            CreatedAt = Timestamp.FromDateTimeOffset(r.CreatedAt),
            ChangeCause = r.ChangeCause,
            ModuleDigest = r.Template.ModuleDigest,
            Current = current,
        };
        proto.Args.Add(r.Template.Args);
        proto.Env.Add(r.Template.Env);
        return proto;
    }
}
