using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Edge.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.IntegrationTests;

/// <summary>
/// A controller that says exactly what a test scripts, to send a real agent
/// what the real controller never would (malformed desired states).
/// </summary>
internal sealed class FakeController : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeController(WebApplication app, FakeAgentService service, int port)
    {
        _app = app;
        Service = service;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public FakeAgentService Service { get; }

    public static async Task<FakeController> StartAsync()
    {
        var port = Ports.Free();
        var service = new FakeAgentService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<FakeAgentService>();
        await app.StartAsync();
        return new FakeController(app, service, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class FakeAgentService : AgentService.AgentServiceBase
{
    private readonly Channel<DesiredState> _toSend = Channel.CreateUnbounded<DesiredState>();

    public ConcurrentDictionary<string, byte[]> Modules { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<StatusReport> Reports { get; } = new();

    public void Send(DesiredState state) => _toSend.Writer.TryWrite(state);

    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControllerMessage> responseStream, ServerCallContext context)
    {
        await responseStream.WriteAsync(new ControllerMessage { Welcome = new Welcome { HeartbeatPeriodMs = 300, GracePeriodMs = 2000 } });
        var reading = Task.Run(async () =>
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                if (requestStream.Current.Status is { } status)
                {
                    Reports.Enqueue(status);
                }
            }
        });
        await foreach (var state in _toSend.Reader.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new ControllerMessage { DesiredState = state });
        }

        await reading;
    }

    public override async Task GetModule(GetModuleRequest request, IServerStreamWriter<ModuleChunk> responseStream, ServerCallContext context)
    {
        if (!Modules.TryGetValue(request.Digest, out var bytes))
        {
            throw new RpcException(new Status(StatusCode.NotFound, "no such module"));
        }

        await responseStream.WriteAsync(new ModuleChunk { Data = ByteString.CopyFrom(bytes), TotalBytes = bytes.Length });
    }
}
