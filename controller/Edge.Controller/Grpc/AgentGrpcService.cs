using Edge.Controller.Fleet;
using Edge.Controller.Hosting;
using Edge.Controller.Identity;
using Edge.Controller.Store;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Edge.Scheduling;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Edge.Controller.Grpc;

/// <summary>The agents' side of the API: one Connect stream per node, and module downloads.</summary>
internal sealed partial class AgentGrpcService(
    FleetState fleet,
    IFleetStore store,
    IOptions<ControllerOptions> options,
    MqttEndpoint mqtt,
    NodeAuthenticator nodes,
    IHostApplicationLifetime lifetime,
    ILogger<AgentGrpcService> logger,
    TelemetryAcknowledgements acks,
    NodeLogRelay logRelay) : AgentService.AgentServiceBase
{
    private const int ChunkSize = 64 * 1024;

    public override async Task Connect(
        IAsyncStreamReader<AgentMessage> requestStream,
        IServerStreamWriter<ControllerMessage> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct))
        {
            return;
        }

        var hello = requestStream.Current.Hello
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, $"the first message on Connect must be hello, got {requestStream.Current.KindCase}"));
        var name = hello.Facts?.Name ?? "";
        if (!Names.IsDnsLabel(name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"node name '{name}' is not a DNS label (lowercase letters, digits and '-', 1-63 characters)"));
        }

        if (Edge.Agent.Core.ExtendedResourceRules.Problems(hello.Facts!.ExtendedResources) is { Count: > 0 } problems)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"node {name}: extended resources: {string.Join("; ", problems)}"));
        }

        var guard = nodes.Admit(context, name);
        var (session, desired) = fleet.Connect(name, hello.Facts!.ToRecord(), hello.AppliedVersion, hello.Workloads.ToObserved(), context.Peer);
        fleet.ReportHealth(session, hello.AppliedVersion, hello.Store.ToDomain(), hello: true);
        LogConnected(name, context.Peer, desired.Version, hello.AppliedVersion);
        var settings = options.Value;
        await responseStream.WriteAsync(new ControllerMessage
        {
            Welcome = new Welcome
            {
                ControllerVersion = typeof(AgentGrpcService).Assembly.GetName().Version?.ToString() ?? "",
                MqttUri = mqtt.AdvertisedUri,
                HeartbeatPeriodMs = (int)settings.HeartbeatPeriod.TotalMilliseconds,
                GracePeriodMs = (int)settings.NodeGracePeriod.TotalMilliseconds,
                TelemetryAck = true,
            },
        }, ct);
        await responseStream.WriteAsync(new ControllerMessage { DesiredState = desired.ToProto() }, ct);

        // Shutdown ends every stream at once (the agents reconnect to the next controller) rather
        // than leaving Kestrel to wait for them until its shutdown timeout.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, guard?.Revoked ?? CancellationToken.None, lifetime.ApplicationStopping);
        using var writes = new SemaphoreSlim(1, 1);
        var reading = ReadAsync(requestStream, session, guard, cts.Token);
        var writing = WriteAsync(session, responseStream, writes, cts.Token);
        var acking = AcknowledgeTelemetryAsync(acks.For(name), responseStream, writes, cts.Token);
        var logs = logRelay.Attach(name);
        var relaying = RelayLogRequestsAsync(logs, responseStream, writes, cts.Token);
        var first = await Task.WhenAny(reading, writing, acking, relaying);
        await cts.CancelAsync();
        logRelay.Detach(logs);
        fleet.Disconnect(session);
        await Task.WhenAll(
            reading.ContinueWith(_ => { }, TaskScheduler.Default),
            writing.ContinueWith(_ => { }, TaskScheduler.Default),
            acking.ContinueWith(_ => { }, TaskScheduler.Default),
            relaying.ContinueWith(_ => { }, TaskScheduler.Default));
        guard?.ThrowIfRevoked();
        if (first == writing && writing.Exception?.InnerException is NodeSessionClosedException closed)
        {
            LogReplaced(name, closed.Message);
            throw new RpcException(new Status(StatusCode.Aborted, closed.Message));
        }

        if (first == reading && reading.Exception?.InnerException is RpcException rpc)
        {
            throw rpc;
        }

        LogDisconnected(name, context.Peer);
    }

    public override async Task GetModule(GetModuleRequest request, IServerStreamWriter<ModuleChunk> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var guard = nodes.Admit(context, claimedName: null);
        if (!Names.IsModuleDigest(request.Digest))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"module digest '{request.Digest}' is not 'sha256:' followed by 64 lowercase hex digits"));
        }

        // A node reads only the modules of workloads given to it, and learns nothing of others:
        // a module it was not given answers as an unknown digest does.
        var notFound = new RpcException(new Status(StatusCode.NotFound, $"module {request.Digest} not found"));
        if (guard is not null && !fleet.MayFetchModule(guard.Node, request.Digest, out var refused))
        {
            if (long.IsPow2(refused))
            {
                // 1st, 2nd, 4th, ... refusal of a node: a probing node cannot flood the log (the count is on /metrics).
                LogModuleRefused(guard.Node, request.Digest, refused);
            }

            throw notFound;
        }

        await using var content = store.OpenModule(request.Digest) ?? throw notFound;
        var buffer = new byte[ChunkSize];
        var first = true;
        int read;
        while ((read = await content.ReadAsync(buffer, context.CancellationToken)) > 0)
        {
            var chunk = new ModuleChunk { Data = Google.Protobuf.ByteString.CopyFrom(buffer, 0, read) };
            if (first)
            {
                chunk.TotalBytes = content.Length;
                first = false;
            }

            await responseStream.WriteAsync(chunk, context.CancellationToken);
        }
    }

    private async Task ReadAsync(IAsyncStreamReader<AgentMessage> requests, NodeSession session, NodeGuard? guard, CancellationToken ct)
    {
        while (await requests.MoveNext(ct))
        {
            guard?.ThrowIfRevoked();
            var message = requests.Current;
            switch (message.KindCase)
            {
                case AgentMessage.KindOneofCase.Heartbeat:
                    fleet.Heartbeat(session, message.Heartbeat.AppliedVersion);
                    fleet.ReportHealth(session, message.Heartbeat.AppliedVersion, message.Heartbeat.Store.ToDomain(), hello: false);
                    break;
                case AgentMessage.KindOneofCase.Status:
                    fleet.ReportStatus(session, message.Status.AppliedVersion, message.Status.Workloads.ToObserved());
                    fleet.ReportHealth(session, message.Status.AppliedVersion, message.Status.Store.ToDomain(), hello: false);
                    break;
                case AgentMessage.KindOneofCase.LogReply:
                    logRelay.Complete(session.Node, message.LogReply);
                    break;
                default:
                    throw new RpcException(new Status(StatusCode.InvalidArgument, $"unexpected {message.KindCase} message after hello"));
            }
        }
    }

    private static async Task WriteAsync(NodeSession session, IServerStreamWriter<ControllerMessage> responses, SemaphoreSlim writes, CancellationToken ct)
    {
        await foreach (var snapshot in session.Outgoing.ReadAllAsync(ct))
        {
            await WriteOneAsync(responses, new ControllerMessage { DesiredState = snapshot.ToProto() }, writes, ct);
        }
    }
}
