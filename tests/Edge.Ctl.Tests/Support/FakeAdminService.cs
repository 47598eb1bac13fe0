using System.Collections.Concurrent;
using System.Security.Cryptography;
using Edge.Protos.V1;
using Grpc.Core;

namespace Edge.Ctl.Tests.Support;

/// <summary>An in-memory admin API that records what edgectl sent.</summary>
internal sealed class FakeAdminService : AdminService.AdminServiceBase
{
    private readonly ConcurrentDictionary<string, string> appliedDigests = new(StringComparer.Ordinal);

    public List<Node> Nodes { get; } = [];

    public List<Workload> Workloads { get; } = [];

    public ConcurrentQueue<ApplyWorkloadRequest> Applied { get; } = new();

    public ConcurrentQueue<DateTime> Deadlines { get; } = new();

    public ConcurrentQueue<ResizeWorkloadRequest> Resized { get; } = new();

    public ConcurrentQueue<ListWorkloadsRequest> Listed { get; } = new();

    /// <summary>What RecommendWorkload answers.</summary>
    public WorkloadRecommendation Recommendation { get; set; } = new();

    /// <summary>What GetLogs answers, and the requests it got.</summary>
    public GetLogsResponse Logs { get; set; } = new();

    public ConcurrentQueue<GetLogsRequest> LogRequests { get; } = new();

    /// <summary>When set, every call fails with this status.</summary>
    public Status? FailWith { get; set; }

    public void Reset()
    {
        Nodes.Clear();
        Workloads.Clear();
        Applied.Clear();
        Deadlines.Clear();
        Resized.Clear();
        Listed.Clear();
        Recommendation = new WorkloadRecommendation();
        Logs = new GetLogsResponse();
        LogRequests.Clear();
        appliedDigests.Clear();
        FailWith = null;
    }

    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context)
    {
        Observe(context);
        return Task.FromResult(new ListNodesResponse { Nodes = { Nodes } });
    }

    public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context)
    {
        Observe(context);
        return Nodes.Find(n => n.Name == request.Name) is { } node
            ? Task.FromResult(node)
            : throw new RpcException(new Status(StatusCode.NotFound, $"no node named {request.Name}"));
    }

    public override Task<ApplyWorkloadResponse> ApplyWorkload(ApplyWorkloadRequest request, ServerCallContext context)
    {
        Observe(context);
        Applied.Enqueue(request);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(request.Module.Span));
        var changed = !appliedDigests.TryGetValue(request.Name, out var previous) || previous != digest;
        appliedDigests[request.Name] = digest;
        return Task.FromResult(new ApplyWorkloadResponse
        {
            Name = request.Name,
            ModuleDigest = digest,
            Changed = changed,
            NodesTargeted = 2,
        });
    }

    public override Task<ListWorkloadsResponse> ListWorkloads(ListWorkloadsRequest request, ServerCallContext context)
    {
        Observe(context);
        Listed.Enqueue(request);
        return Task.FromResult(new ListWorkloadsResponse { Workloads = { Workloads } });
    }

    public override Task<Workload> ResizeWorkload(ResizeWorkloadRequest request, ServerCallContext context)
    {
        Observe(context);
        Resized.Enqueue(request);
        return Task.FromResult(new Workload
        {
            Name = request.Name,
            Requests = new Resources { CpuMillicores = request.CpuMillicores, MemoryBytes = request.MemoryBytes },
        });
    }

    public override Task<WorkloadRecommendation> RecommendWorkload(RecommendWorkloadRequest request, ServerCallContext context)
    {
        Observe(context);
        return Task.FromResult(Recommendation);
    }

    public override Task<GetLogsResponse> GetLogs(GetLogsRequest request, ServerCallContext context)
    {
        Observe(context);
        LogRequests.Enqueue(request);
        return Task.FromResult(Logs);
    }

    private void Observe(ServerCallContext context)
    {
        Deadlines.Enqueue(context.Deadline);
        if (FailWith is { } status)
        {
            throw new RpcException(status);
        }
    }
}
