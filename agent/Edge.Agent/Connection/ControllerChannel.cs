using Edge.Agent.Hosting;
using Edge.Protos.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Connection;

/// <summary>
/// The one HTTP/2 channel to the controller. Keep-alive pings find a dead
/// controller (or a dead network path) in seconds instead of waiting on TCP.
/// </summary>
internal sealed class ControllerChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    public ControllerChannel(IOptions<AgentOptions> options)
    {
        Address = options.Value.Controller;
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(5),
                KeepAlivePingDelay = TimeSpan.FromSeconds(15),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                EnableMultipleHttp2Connections = true,
            },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        Client = new AgentService.AgentServiceClient(_channel);
    }

    public string Address { get; }

    public AgentService.AgentServiceClient Client { get; }

    public void Dispose() => _channel.Dispose();
}
