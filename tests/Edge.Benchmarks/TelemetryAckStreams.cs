using System.Net;
using Edge.Controller.Grpc;
using Edge.Controller.Telemetry;
using Edge.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.Benchmarks;

/// <summary>
/// The telemetry benchmark's acknowledgement path: a Kestrel gRPC server on
/// loopback running the controller's own watermark writer
/// (<see cref="AgentGrpcService.AcknowledgeTelemetryAsync"/>) on one Connect
/// stream per simulated agent, and each agent's end of its stream recording
/// the watermark it is told.
/// </summary>
internal sealed class TelemetryAckStreams : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<AsyncDuplexStreamingCall<AgentMessage, ControllerMessage>> _calls = [];
    private readonly List<Task> _readers = [];
    private readonly long[] _acknowledged;
    private long _received;

    private TelemetryAckStreams(WebApplication app, GrpcChannel channel, int nodes)
    {
        _app = app;
        _channel = channel;
        _acknowledged = new long[nodes];
    }

    /// <summary>TelemetryAck messages received by all agents.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Opens one stream per node and waits until each has been told its current watermark.</summary>
    public static async Task<TelemetryAckStreams> OpenAsync(TelemetryAcknowledgements acks, string[] names, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.Http2.MaxStreamsPerConnection = names.Length + 100;
            k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(acks);
        var app = builder.Build();
        app.MapGrpcService<AckStreamService>();
        await app.StartAsync();
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var streams = new TelemetryAckStreams(app, channel, names.Length);
        var client = new AgentService.AgentServiceClient(channel);
        for (var i = 0; i < names.Length; i++)
        {
            var call = client.Connect(cancellationToken: streams._stop.Token);
            streams._calls.Add(call);
            await call.RequestStream.WriteAsync(new AgentMessage { Hello = new Hello { Facts = new NodeFacts { Name = names[i] } } });
            streams._readers.Add(streams.ReadAsync(call, i));
        }

        await streams.WaitAsync(() => streams._acknowledged.All(a => a > 0), TimeSpan.FromMinutes(2), "every stream told its watermark");
        return streams;
    }

    /// <summary>Waits until every node's acknowledged sequence reaches <paramref name="sequences"/>.</summary>
    public Task WaitCoveredAsync(ulong[] sequences, TimeSpan bound) =>
        WaitAsync(() => !sequences.Where((s, i) => (ulong)Interlocked.Read(ref _acknowledged[i]) < s).Any(), bound, "every sample acknowledged on its stream");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var call in _calls)
        {
            call.Dispose();
        }

        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<AgentMessage, ControllerMessage> call, int node)
    {
        await foreach (var message in call.ResponseStream.ReadAllAsync(_stop.Token))
        {
            if (message.KindCase == ControllerMessage.KindOneofCase.TelemetryAck)
            {
                Interlocked.Exchange(ref _acknowledged[node], (long)message.TelemetryAck.Sequence);
                Interlocked.Increment(ref _received);
            }
        }
    }

    private async Task WaitAsync(Func<bool> done, TimeSpan bound, string what)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {bound}: {what}");
            }

            if (_readers.FirstOrDefault(r => r.IsFaulted) is { } failed)
            {
                throw new InvalidOperationException($"an acknowledgement stream failed: {failed.Exception!.GetBaseException().Message}");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>The Connect stream reduced to its acknowledgement writer: hello, then the node's watermarks.</summary>
    private sealed class AckStreamService(TelemetryAcknowledgements acks) : AgentService.AgentServiceBase
    {
        public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ControllerMessage> responseStream, ServerCallContext context)
        {
            if (!await requestStream.MoveNext(context.CancellationToken))
            {
                return;
            }

            using var writes = new SemaphoreSlim(1, 1);
            try
            {
                await AgentGrpcService.AcknowledgeTelemetryAsync(acks.For(requestStream.Current.Hello.Facts.Name), responseStream, writes, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The agent's end closed.
            }
        }
    }
}
