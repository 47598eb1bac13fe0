using Edge.Agent.Enrollment;
using Edge.Agent.Hosting;
using Edge.Protos.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Edge.Agent.Connection;

/// <summary>
/// The one HTTP/2 channel to the controller. Keep-alive pings find a dead
/// controller (or a dead network path) in seconds instead of waiting on TCP.
/// An enrolled node speaks TLS trusting the fleet CA alone and shows its
/// certificate; after a renewal <see cref="Reconnect"/> makes new connections
/// pick the new certificate up.
/// </summary>
internal sealed class ControllerChannel : IDisposable
{
    private readonly NodeIdentity _identity;
    private readonly List<GrpcChannel> _retired = [];
    private GrpcChannel _channel;

    public ControllerChannel(IOptions<AgentOptions> options, NodeIdentity identity)
    {
        Address = options.Value.Controller;
        _identity = identity;
        _channel = Create();
        Client = new AgentService.AgentServiceClient(_channel);
    }

    public string Address { get; }

    public AgentService.AgentServiceClient Client { get; private set; }

    /// <summary>A fresh channel for the calls to come; streams on the old one run on until they end.</summary>
    public void Reconnect()
    {
        lock (_retired)
        {
            _retired.Add(_channel);
            _channel = Create();
            Client = new AgentService.AgentServiceClient(_channel);
        }
    }

    public void Dispose()
    {
        lock (_retired)
        {
            _channel.Dispose();
            foreach (var old in _retired)
            {
                old.Dispose();
            }
        }
    }

    private GrpcChannel Create() => GrpcChannel.ForAddress(Address, new GrpcChannelOptions
    {
        HttpHandler = PinnedTls.Handler(Address, _identity.Ca, _identity.Enrolled ? () => _identity.Certificate : null),
        MaxReceiveMessageSize = 16 * 1024 * 1024,
    });
}
